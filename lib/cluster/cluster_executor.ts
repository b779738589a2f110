/**
 * The cluster executor: every command declaration, routed by the cluster
 * router.
 *
 * @module
 */
import { Commands, type Text, type Transform } from "../commands/mod.ts";
import type { CommandOptions } from "../client/async_executor.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { commandRequest } from "../conn/command_request.ts";
import { followCursor, type KeyScanOptions } from "../client/scan.ts";
import { type ScanPage, toScanPage } from "../commands/generic.ts";
import {
  assertCommandArgs,
  assertOptions,
  describeValue,
  optionKeys,
  scanArgs,
} from "../commands/validate.ts";
import { DataError } from "../errors/errors.ts";
import { withCallerStack } from "../errors/caller_stack.ts";
import { strippingTransform, withKeyPrefix } from "../commands/key_prefix.ts";
import { ClusterPipeline, ClusterTransaction } from "./cluster_pipeline.ts";
import { Script } from "../client/script.ts";
import type { ClusterRouter } from "./cluster_router.ts";

const COMMAND_OPTION_KEYS = optionKeys<CommandOptions>({
  signal: true,
  timeout: true,
  cache: true,
});

/** Command options checked: known keys, and `cache` (when given) a boolean. */
function checkCommandOptions(method: string, options: CommandOptions): void {
  assertOptions(method, options, COMMAND_OPTION_KEYS);
  const cache: unknown = options.cache;
  if (cache !== undefined && typeof cache !== "boolean") {
    throw new DataError(`${method}: cache: expected a boolean, got ${describeValue(cache)}`);
  }
}

/**
 * Every command, routed to the node that serves its keys (or by its
 * request policy). {@link RedisCluster} is one; `cluster.bytes` is the
 * bytes view.
 *
 * @example
 * ```ts
 * await cluster.mget("a", "b", "c"); // split by slot, merged in order
 * ```
 */
export class ClusterExecutor<S extends Text> extends Commands<"async", S> {
  /** @internal */
  protected readonly router: ClusterRouter;
  readonly #bytes: boolean;
  readonly #options: CommandOptions | undefined;

  /** @internal Made by `RedisCluster` (and `with()`). */
  constructor(router: ClusterRouter, bytes: boolean, options?: CommandOptions) {
    super();
    this.router = router;
    this.#bytes = bytes;
    this.#options = options;
  }

  /** @internal */
  protected call<T>(args: RedisArg[], transform: Transform<T>): Promise<T> {
    const prefix = this.router.keyPrefix;
    if (prefix !== undefined) {
      transform = strippingTransform(args, transform, prefix);
      args = withKeyPrefix(args, prefix);
    }
    const reply = this.router.send({
      args,
      transform,
      bytes: this.#bytes,
      options: this.#options,
    }) as Promise<T>;
    return this.router.callerStacks ? withCallerStack(reply) : reply;
  }

  /**
   * Send any command, routed by its keys (from the server's key specs) or
   * its request policy; the reply as decoded. With `keyPrefix`, its keys
   * are prefixed first (and routed by the prefixed keys).
   *
   * @example
   * ```ts
   * await cluster.sendCommand(["OBJECT", "ENCODING", "k"]); // "embstr"
   * ```
   */
  sendCommand(args: readonly RedisArg[], options?: CommandOptions): Promise<RespValue> {
    assertCommandArgs(args);
    if (options !== undefined) checkCommandOptions("sendCommand", options);
    const prefix = this.router.keyPrefix;
    const reply = this.router.send({
      args: withKeyPrefix(args, prefix),
      transform: strippingTransform(args, undefined, prefix),
      bytes: this.#bytes,
      options: options ?? this.#options,
    }) as Promise<RespValue>;
    return this.router.callerStacks ? withCallerStack(reply) : reply;
  }

  /**
   * A pipeline: commands grouped by node, sent in parallel, results in order.
   *
   * @example
   * ```ts
   * await cluster.pipeline().set("a", "1").get("b").exec();
   * ```
   */
  pipeline(): ClusterPipeline<S, []> {
    return new ClusterPipeline<S, []>(this.router, this.#bytes);
  }

  /**
   * A transaction on one slot's master (every key in one slot).
   *
   * @example
   * ```ts
   * await cluster.multi().incr("{u1}:n").get("{u1}:n").exec();
   * ```
   */
  multi(): ClusterTransaction<S, []> {
    return new ClusterTransaction<S, []>(this.router, this.#bytes);
  }

  /**
   * A Lua script: `run(keys, args)` sends EVALSHA to the node serving its
   * keys, EVAL there on NOSCRIPT.
   *
   * @example
   * ```ts
   * await cluster.script("return redis.call('GET', KEYS[1])").run(["user:1"]);
   * ```
   */
  script(source: string, options: { readOnly?: boolean } = {}): Script {
    return new Script(this.router, source, options.readOnly, this.#options);
  }

  /**
   * A view whose single commands (and scripts) all use `options`: an
   * `AbortSignal` that cancels the wait, a `timeout` in milliseconds for
   * each command, and with the client-side cache on, `cache: false` to read
   * past it (neither served from it nor stored) or, in `"optin"` mode,
   * `cache: true` to cache the view's reads. Pipelines and `multi()` do not
   * take them (and never use the cache).
   *
   * @example
   * ```ts
   * await cluster.with({ cache: false }).get("k"); // from the node, whatever the cache holds
   * ```
   */
  with(options: CommandOptions): ClusterExecutor<S> {
    checkCommandOptions("with", options);
    return new ClusterExecutor<S>(this.router, this.#bytes, { ...this.#options, ...options });
  }

  /**
   * Every key of the cluster: SCAN on each master to the end of its cursor.
   *
   * @example
   * ```ts
   * for await (const key of cluster.scan({ match: "user:*" })) console.log(key);
   * ```
   */
  async *scan(options?: KeyScanOptions): AsyncGenerator<S, void, undefined> {
    for (const manager of await this.router.masters()) {
      yield* followCursor(async (cursor) => {
        const prefix = this.router.keyPrefix;
        const args = scanArgs("SCAN", undefined, cursor, options);
        const page = await manager.dispatcher.send(
          commandRequest(
            withKeyPrefix(args, prefix),
            strippingTransform(args, toScanPage<S>, prefix),
            this.#bytes,
          ),
        ) as ScanPage<S>;
        return [page.cursor, page.keys];
      });
    }
  }
}
