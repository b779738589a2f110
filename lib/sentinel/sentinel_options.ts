/**
 * Options for reaching a server through Redis Sentinel.
 *
 * @module
 */
import type { TlsOptions } from "../conn/transport.ts";

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
