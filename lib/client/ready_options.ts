/**
 * The options a client's connections are opened with: its resolved options,
 * with a credentials stream turned into a provider (each new connection asks
 * it for the newest credentials).
 *
 * @module
 */
import type { CredentialsProvider } from "../auth/credentials.ts";
import type { ResolvedOptions } from "./options.ts";

/**
 * Resolved options whose credentials, if any, are a provider function.
 *
 * @example
 * ```ts
 * const ready: ConnectionReadyOptions = { ...resolveOptions("redis://127.0.0.1:6379"), credentials: provider };
 * ```
 */
export type ConnectionReadyOptions = Omit<ResolvedOptions, "credentials"> & {
  credentials?: CredentialsProvider;
};
