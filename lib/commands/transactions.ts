/**
 * Transaction commands: WATCH and UNWATCH. (MULTI … EXEC is `redis.multi()`,
 * optimistic locking is `redis.transaction(fn, { watch })`.)
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import { CommandBase, type Mode, type Reply, type Text } from "./command_base.ts";
import { toOk } from "./replies.ts";
import { assertNotEmpty } from "./validate.ts";

/**
 * WATCH and UNWATCH. They act on the connection they are sent on: use them
 * on the executor that `redis.transaction(fn)` hands to `fn`, which owns its
 * connection, not on the shared one.
 *
 * @example
 * ```ts
 * await redis.transaction(async (tx) => {
 *   await tx.watch("k");
 *   return tx.multi().incr("k").exec();
 * });
 * ```
 */
export abstract class TransactionCommands<M extends Mode, S extends Text>
  extends CommandBase<M, S> {
  /**
   * Watch keys for the next MULTI on this connection: its EXEC fails with
   * `WatchError` if one of them changed meanwhile.
   *
   * @example
   * ```ts
   * await tx.watch("balance"); // "OK"
   * ```
   */
  watch(...keys: RedisArg[]): Reply<M, "OK", this> {
    assertNotEmpty("watch keys", keys);
    return this.call(["WATCH", ...keys], toOk);
  }

  /**
   * Forget the keys watched on this connection.
   *
   * @example
   * ```ts
   * await tx.unwatch(); // "OK"
   * ```
   */
  unwatch(): Reply<M, "OK", this> {
    return this.call(["UNWATCH"], toOk);
  }
}
