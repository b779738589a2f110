/**
 * How a client follows Sentinel, through the hooks every connection
 * already has: `resolveAddress` asks the sentinels where to go (and starts
 * watching their failovers), `verify` checks the server's role, and a write
 * refused by a replica tells the client to move, as a failover does.
 *
 * @module
 */
import { ReadOnlyError } from "../errors/errors.ts";
import type { SentinelResolver } from "../sentinel/sentinel_resolver.ts";
import type { ConnectionReadyOptions } from "./ready_options.ts";

/** The connection hooks of a client that follows Sentinel. */
export interface SentinelHooks extends Pick<ConnectionReadyOptions, "resolveAddress" | "verify"> {
  /** Told of each failed command: a write refused as by a replica means the master moved. */
  onError(error: unknown): void;
}

/**
 * The hooks that make a client follow the sentinels of `sentinel`: `move`
 * is called when the client should stop using its connections (a failover
 * began or ended, or the server it writes to became a replica).
 *
 * @example
 * ```ts
 * const resolver = new SentinelResolver(options.sentinel, options.connectTimeout);
 * const hooks = sentinelHooks(resolver, "master", () => lifecycle.drop());
 * const ready = { ...options, resolveAddress: hooks.resolveAddress, verify: hooks.verify };
 * ```
 */
export function sentinelHooks(
  sentinel: SentinelResolver,
  role: "master" | "replica" | undefined,
  move: () => void,
): SentinelHooks {
  return {
    resolveAddress: async () => {
      const address = await sentinel.resolve();
      // Watching starts once (later calls find the sentinels watched already).
      void sentinel.watch(move);
      return address;
    },
    verify: (connection) => sentinel.verify(connection),
    onError: (error) => {
      if (error instanceof ReadOnlyError && role !== "replica") move();
    },
  };
}
