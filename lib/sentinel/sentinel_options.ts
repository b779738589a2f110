/**
 * Options for reaching a server through Redis Sentinel.
 *
 * @module
 */
import type { TlsOptions } from "../auth/tls_options.ts";
import type { CredentialsProvider } from "../auth/credentials.ts";

/** Where the sentinels are, which server they watch, and how to talk to them. */
export interface SentinelOptions {
  /** The master's name in the sentinels' configuration (`sentinel monitor <name> …`). */
  name: string;
  /** Some sentinels: `host:port` strings or `{ host, port }`; the others are learnt from them. */
  sentinels: (string | { host?: string; port: number })[];
  /** Connect to the master (default) or to one of its replicas (reads only). */
  role?: "master" | "replica";
  /** The sentinels' ACL user, when they need one (separate from the data nodes'). */
  username?: string;
  /** The sentinels' password, when they need one. */
  password?: string;
  /** TLS for the sentinel connections. */
  tls?: TlsOptions;
}

/**
 * Sentinel settings as the client keeps them: checked, with the sentinels'
 * password turned into a `credentials` provider (a closure), so that no
 * inspection of the client reaches it.
 *
 * @example
 * ```ts
 * const resolved: ResolvedSentinelOptions = {
 *   name: "mymaster",
 *   sentinels: ["127.0.0.1:26379"],
 *   credentials: () => ({ password: "secret" }),
 * };
 * ```
 */
export type ResolvedSentinelOptions = Omit<SentinelOptions, "password"> & {
  /** The sentinels' credentials, asked at each sentinel connection. */
  credentials?: CredentialsProvider;
};
