/**
 * The part pipelines and transactions share: every command method queues
 * its arguments and transform, to be sent later in one go.
 *
 * @module
 */
import { type BatchCommand, shapeSlot } from "../conn/command_request.ts";
import { Commands, type Text, type Transform } from "../commands/mod.ts";
import type { Chained } from "../commands/chain.ts";
import { toRaw } from "../commands/replies.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { assertCommandArgs } from "../commands/validate.ts";
import { DataError, ExecAbortError, ResponseError, WatchError } from "../errors/errors.ts";
import { serverMessage, withCommand } from "../errors/failed_command.ts";
import { isQuit } from "../conn/lifecycle.ts";
import { strippingTransform, withKeyPrefix } from "../commands/key_prefix.ts";
import type { ScriptSource } from "./script_source.ts";

/** What `exec()` sends: the queued commands, after the SCRIPT LOADs they need. */
export interface QueuedBatch {
  /** One SCRIPT LOAD per script that `runScript` queued. */
  loads: BatchCommand[];
  /** The queued commands, in order. */
  commands: BatchCommand[];
  /** For each load, the indexes of the commands that run its script. */
  scriptUsers: number[][];
}

/**
 * Commands chained now, sent later by a subclass's `exec()`.
 *
 * @example
 * ```ts
 * const pipeline = redis.pipeline().set("a", "1").get("a");
 * pipeline.length; // 2
 * ```
 */
export abstract class QueuedCommands<S extends Text> extends Commands<"chain", S> {
  /** @internal Whether replies decode to bytes. */
  protected readonly bytes: boolean;
  readonly #keyPrefix: string | undefined;
  #queued: BatchCommand[] = [];
  /** The scripts `runScript` queued, and the indexes of the commands running each. */
  #scripts: Map<ScriptSource, number[]> | undefined;

  /** @internal Made by `pipeline()` and `multi()`; `keyPrefix` goes before every queued key. */
  constructor(bytes: boolean, keyPrefix?: string) {
    super();
    this.bytes = bytes;
    this.#keyPrefix = keyPrefix;
  }

  /** How many commands are queued. */
  get length(): number {
    return this.#queued.length;
  }

  /** @internal */
  protected call<T>(args: RedisArg[], transform: Transform<T>): Chained<this, T> {
    const prefix = this.#keyPrefix;
    if (prefix === undefined) this.#queued.push({ args, transform });
    else {
      this.#queued.push({
        args: withKeyPrefix(args, prefix),
        transform: strippingTransform(args, transform, prefix),
      });
    }
    return this as unknown as Chained<this, T>;
  }

  /**
   * Queue any command, raw reply.
   *
   * @example
   * ```ts
   * await redis.pipeline().sendCommand(["OBJECT", "ENCODING", "k"]).exec();
   * ```
   */
  sendCommand(args: readonly RedisArg[]): Chained<this, unknown> {
    assertCommandArgs(args);
    if (isQuit(args[0])) throw quitInBatch();
    return this.call([...args], toRaw);
  }

  /**
   * QUIT cannot be queued: it would end the connection in the middle of the
   * batch. Call `quit()` (or `close()`) on the client after `exec()`.
   *
   * @example
   * ```ts
   * redis.pipeline().quit(); // DataError
   * ```
   */
  override quit(): never {
    throw quitInBatch();
  }

  /**
   * Queue a run of `script` (EVALSHA, or EVALSHA_RO for a read-only one).
   * `exec()` sends the script's SCRIPT LOAD ahead of the queued commands, so
   * that EVALSHA finds it even on a server that never saw it; a script that
   * does not compile leaves the load's error in its commands' slots.
   *
   * @example
   * ```ts
   * const bump = redis.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
   * await redis.pipeline().runScript(bump, ["n"], [2]).runScript(bump, ["n"], [3]).exec(); // [2, 5]
   * ```
   */
  runScript(
    script: ScriptSource,
    keys: readonly RedisArg[] = [],
    args: readonly RedisArg[] = [],
  ): Chained<this, unknown> {
    this.#scripts ??= new Map();
    const users = this.#scripts.get(script) ?? [];
    users.push(this.#queued.length);
    this.#scripts.set(script, users);
    return this.call(script.evalshaArgs(keys, args), toRaw);
  }

  /** @internal The queued commands and the script loads they need, leaving none queued. */
  protected takeQueued(): QueuedBatch {
    const commands = this.#queued;
    const scripts = this.#scripts;
    this.#queued = [];
    this.#scripts = undefined;
    const batch: QueuedBatch = { loads: [], commands, scriptUsers: [] };
    if (scripts === undefined) return batch;
    for (const [script, users] of scripts) {
      batch.loads.push({ args: script.loadArgs() });
      batch.scriptUsers.push(users);
    }
    return batch;
  }

  /** @internal Forget the queued commands. */
  protected clearQueued(): void {
    this.#queued = [];
    this.#scripts = undefined;
  }
}

/**
 * Put each failed SCRIPT LOAD's error (a Lua compile error) into the result
 * slots of the commands that run its script.
 */
function reportFailedLoads(
  batch: QueuedBatch,
  loadReplies: readonly unknown[],
  results: unknown[],
): void {
  for (let i = 0; i < loadReplies.length; i++) {
    if (!(loadReplies[i] instanceof Error)) continue;
    for (const index of batch.scriptUsers[i]) results[index] = loadReplies[i];
  }
}

/**
 * What a pipeline sends: the script loads, then the queued commands.
 *
 * @example
 * ```ts
 * connection.sendBatch(pipelineCommands(batch), false);
 * ```
 */
export function pipelineCommands(batch: QueuedBatch): BatchCommand[] {
  return batch.loads.length === 0 ? batch.commands : [...batch.loads, ...batch.commands];
}

/**
 * A pipeline's results from the replies to {@link pipelineCommands}: each
 * command's reply or error in its slot; with `throwOnError`, the first
 * error is thrown instead.
 *
 * @example
 * ```ts
 * const results = pipelineResults(batch, replies, false);
 * ```
 */
export function pipelineResults(
  batch: QueuedBatch,
  replies: unknown[],
  throwOnError: boolean | undefined,
): unknown[] {
  const loads = batch.loads.length;
  const results = loads === 0 ? replies : replies.slice(loads);
  reportFailedLoads(batch, replies.slice(0, loads), results);
  if (throwOnError) throwFirstError(results);
  return results;
}

/** With `throwOnError`: the first failed command's error, once every reply is in. */
function throwFirstError(results: unknown[]): void {
  const failure = results.find((result) => result instanceof Error);
  if (failure !== undefined) throw failure;
}

const MULTI: BatchCommand = { args: ["MULTI"] };
const EXEC: BatchCommand = { args: ["EXEC"] };

/**
 * What a transaction sends: the script loads, then MULTI, the queued
 * commands and EXEC.
 *
 * @example
 * ```ts
 * connection.sendBatch(transactionCommands(batch), false, true);
 * ```
 */
export function transactionCommands(batch: QueuedBatch): BatchCommand[] {
  return [...batch.loads, MULTI, ...batch.commands, EXEC];
}

/**
 * A transaction's results from the replies to {@link transactionCommands}:
 * EXEC's replies shaped by their commands' transforms, errors in their
 * slots. Throws `ExecAbortError` (with the refused command's error as
 * `cause`) or `WatchError` when nothing ran.
 *
 * @example
 * ```ts
 * const results = transactionResults(batch, replies);
 * ```
 */
export function transactionResults(
  batch: QueuedBatch,
  replies: unknown[],
  throwOnError?: boolean,
): unknown[] {
  const loads = batch.loads.length;
  const outcome = replies[replies.length - 1] as RespValue[] | ResponseError | null;
  if (outcome instanceof ResponseError) {
    const refused = replies.slice(loads + 1, -1).find((reply) => reply instanceof ResponseError);
    // The connection named EXEC on `outcome`; the refused command names itself in `cause`.
    throw withCommand(new ExecAbortError(serverMessage(outcome), { cause: refused }), EXEC.args);
  }
  if (outcome === null) {
    throw new WatchError("the transaction did not run: a watched key changed");
  }
  const results = outcome.map((reply, i) =>
    reply instanceof ResponseError
      ? withCommand(reply, batch.commands[i].args)
      : shapeSlot(reply, batch.commands[i].transform)
  );
  reportFailedLoads(batch, replies.slice(0, loads), results);
  if (throwOnError) throwFirstError(results);
  return results;
}

function quitInBatch(): DataError {
  return new DataError(
    "quit cannot be queued in a pipeline or transaction: call quit() or close() on the client after exec()",
  );
}
