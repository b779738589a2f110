/**
 * Pipelines and transactions on a cluster.
 *
 * @module
 */
import type { Text } from "../commands/mod.ts";
import type { BatchResults, ChainKind } from "../commands/chain.ts";
import { type BatchCommand, commandRequest } from "../conn/command_request.ts";
import {
  pipelineResults,
  QueuedCommands,
  transactionCommands,
  transactionResults,
} from "../client/queued_commands.ts";
import { ClusterError, ResponseError } from "../errors/errors.ts";
import { AskError, ClusterDownError, MovedError, TryAgainError } from "../errors/errors.ts";
import type { ClusterRouter } from "./cluster_router.ts";
import type { ConnectionManager } from "../client/connection_manager.ts";
import { commandKeys } from "../commands/command_keys.ts";
import { slotOf } from "./slot.ts";

/** A pipeline's commands sent again one by one still pass the client-side cache by. */
const PAST_CACHE = { cache: false } as const;

/** The slot of a command: its first key's, or `undefined` for a keyless one. */
function slotOfCommand(command: BatchCommand): number | undefined {
  const keys = commandKeys(command.args);
  return keys.length === 0 ? undefined : slotOf(keys[0]);
}

/**
 * {@link ClusterPipeline} as a type-level function of its results (see
 * `lib/commands/chain.ts`): what typed chaining applies.
 *
 * @example
 * ```ts
 * type Next = Chained<ClusterPipeline<string, []>, number>; // ClusterPipeline<string, [number]>
 * ```
 */
export interface ClusterPipelineKind<S extends Text, R extends unknown[]> extends ChainKind {
  /** The ClusterPipeline with the next command's reply type appended. */
  readonly chain: ClusterPipeline<S, [...R, this["next"]]>;
}

/**
 * Commands chained now and sent by {@link ClusterPipeline.exec}: grouped by
 * the master serving each command's slot, each group in one write, the
 * groups in parallel; results in the order the commands were chained. A
 * keyless command goes on its own (by its request policy), and so does,
 * again, one that met MOVED, ASK, TRYAGAIN or CLUSTERDOWN (following the
 * redirect); other errors stay in their slots.
 *
 * @example
 * ```ts
 * const [a, b] = await cluster.pipeline().get("a").get("b").exec();
 * ```
 */
export class ClusterPipeline<S extends Text = string, R extends unknown[] = unknown[]>
  extends QueuedCommands<S> {
  /** Type-level only: this class after one more command (see `lib/commands/chain.ts`). */
  declare readonly "~kind": ClusterPipelineKind<S, R>;
  readonly #router: ClusterRouter;

  /** @internal Made by `cluster.pipeline()`. */
  constructor(router: ClusterRouter, bytes: boolean) {
    super(bytes, router.keyPrefix);
    this.#router = router;
  }

  /**
   * Send the queued commands; every reply or error in its slot (with
   * `throwOnError`, the first error is thrown).
   *
   * @example
   * ```ts
   * await cluster.pipeline().set("a", "1").incr("b").exec(); // ["OK", 1]
   * ```
   */
  exec(options: { throwOnError: true }): Promise<BatchResults<R, never>>;
  /** The same, each slot the command's reply or its error. */
  exec(options?: { throwOnError?: boolean }): Promise<BatchResults<R>>;
  async exec(options: { throwOnError?: boolean } = {}): Promise<unknown[]> {
    const batch = this.takeQueued();
    const commands = batch.commands;
    if (commands.length === 0) return [];
    if (this.#router.topology === undefined) await this.#router.refresh();
    const groups = new Map<ConnectionManager, number[]>();
    const keyless: number[] = [];
    for (let i = 0; i < commands.length; i++) {
      const slot = slotOfCommand(commands[i]);
      if (slot === undefined) {
        keyless.push(i);
        continue;
      }
      const manager = this.#router.masterFor(slot);
      const group = groups.get(manager);
      if (group === undefined) groups.set(manager, [i]);
      else group.push(i);
    }
    const results: unknown[] = new Array(commands.length);
    await Promise.all([...groups].map(async ([manager, indexes]) => {
      const sent = [...batch.loads, ...indexes.map((i) => commands[i])];
      let replies: unknown[];
      try {
        // A group holding blocking commands goes to a pooled connection (see sendBatch).
        replies = await manager.dispatcher.sendBatch(sent, this.bytes, false, undefined);
      } catch (error) {
        replies = sent.map(() => error);
      }
      indexes.forEach((i, j) => results[i] = replies[batch.loads.length + j]);
      // A script that did not compile: its load's error, not NOSCRIPT, in its commands' slots.
      batch.scriptUsers.forEach((users, k) => {
        if (!(replies[k] instanceof Error)) return;
        for (const i of users) if (indexes.includes(i)) results[i] = replies[k];
      });
    }));
    // Keyless commands, and those redirected, go on their own through the router (past the
    // client-side cache: a pipeline's reads are neither answered from it nor kept).
    const redirected = results.flatMap((result, i) => isRedirect(result) ? [i] : []);
    if (results.some((result) => result instanceof MovedError)) this.#router.slotMoved();
    const again = [...keyless, ...redirected];
    await Promise.all(again.map(async (i) => {
      try {
        results[i] = await this.#router.send(
          commandRequest(commands[i].args, commands[i].transform, this.bytes, PAST_CACHE),
        );
      } catch (error) {
        results[i] = error;
      }
    }));
    return pipelineResults({ ...batch, loads: [] }, results, options.throwOnError);
  }
}

function isRedirect(result: unknown): boolean {
  return result instanceof MovedError || result instanceof AskError ||
    result instanceof TryAgainError || result instanceof ClusterDownError;
}

/**
 * {@link ClusterTransaction} as a type-level function of its results (see
 * `lib/commands/chain.ts`): what typed chaining applies.
 *
 * @example
 * ```ts
 * type Next = Chained<ClusterTransaction<string, []>, number>; // ClusterTransaction<string, [number]>
 * ```
 */
export interface ClusterTransactionKind<S extends Text, R extends unknown[]> extends ChainKind {
  /** The ClusterTransaction with the next command's reply type appended. */
  readonly chain: ClusterTransaction<S, [...R, this["next"]]>;
}

/**
 * Commands chained now and run by {@link ClusterTransaction.exec} as one
 * MULTI … EXEC block on the node serving their slot: every key must be in
 * one slot (use hash tags: `{user:1}:name`), else `ClusterError` before
 * anything is sent.
 *
 * @example
 * ```ts
 * await cluster.multi().incr("{user:1}:visits").set("{user:1}:seen", "now").exec();
 * ```
 */
export class ClusterTransaction<S extends Text = string, R extends unknown[] = unknown[]>
  extends QueuedCommands<S> {
  /** Type-level only: this class after one more command (see `lib/commands/chain.ts`). */
  declare readonly "~kind": ClusterTransactionKind<S, R>;
  readonly #router: ClusterRouter;

  /** @internal Made by `cluster.multi()`. */
  constructor(router: ClusterRouter, bytes: boolean) {
    super(bytes, router.keyPrefix);
    this.#router = router;
  }

  /**
   * Forget the queued commands; nothing was sent.
   *
   * @example
   * ```ts
   * cluster.multi().incr("a").discard();
   * ```
   */
  discard(): void {
    this.clearQueued();
  }

  /**
   * Run the queued commands atomically on their slot's master; replies as
   * `multi().exec()` on one server (and `throwOnError` the same).
   *
   * @example
   * ```ts
   * await cluster.multi().set("{t}a", "1").get("{t}a").exec(); // ["OK", "1"]
   * ```
   */
  exec(options: { throwOnError: true }): Promise<BatchResults<R, never>>;
  /** The same, each slot the command's reply or its error. */
  exec(options?: { throwOnError?: boolean }): Promise<BatchResults<R>>;
  async exec(options: { throwOnError?: boolean } = {}): Promise<unknown[]> {
    const batch = this.takeQueued();
    if (batch.commands.length === 0) return [];
    const slots = new Set<number>();
    for (const command of batch.commands) {
      for (const key of commandKeys(command.args)) slots.add(slotOf(key));
    }
    if (slots.size > 1) {
      throw new ClusterError(
        `multi() on a cluster needs every key in one slot; these keys are in ${slots.size} slots (use a hash tag such as {user:1})`,
      );
    }
    if (this.#router.topology === undefined) await this.#router.refresh();
    const [slot = 0] = slots;
    const manager = this.#router.masterFor(slot);
    const replies = await manager.dispatcher.sendBatch(
      transactionCommands(batch),
      this.bytes,
      true,
      undefined,
    );
    const moved = replies.find((reply) => reply instanceof MovedError);
    if (moved !== undefined) {
      this.#router.slotMoved();
      void this.#router.refresh().catch(() => {});
    }
    if (moved instanceof ResponseError) {
      throw new ClusterError(`the slot moved while the transaction was sent: ${moved.message}`, {
        cause: moved,
      });
    }
    return transactionResults(batch, replies, options.throwOnError);
  }
}
