/**
 * Where the blocking client's commands go.
 *
 * @module
 */
import type { SyncConnection } from "./sync_connection.ts";

/**
 * Hands out the blocking client's connection, opening one when there is
 * none (first use, or after the last was lost).
 *
 * @example
 * ```ts
 * const route: SyncRoute = { connection: () => SyncConnection.open(options) };
 * route.connection().send(["PING"]); // "PONG"
 * ```
 */
export interface SyncRoute {
  /** The open connection; connects (blocking) when there is none. */
  connection(): SyncConnection;
  /** Put before every key by the executors on this route (the `keyPrefix` option). */
  readonly keyPrefix?: string;
  /** Close for good: later commands throw `ClientClosedError` (what QUIT does on the client). */
  close?(): void;
}
