/**
 * The root of every command declaration: what an executor must provide, and
 * how a declaration's reply type depends on the executor.
 *
 * @module
 */
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Chained, ChainKind } from "./chain.ts";
// Server errors name their command and first key: every executor extends CommandBase.
import "./command_locator.ts";

/** How an executor delivers replies: a promise, the value itself, or the executor for chaining. */
export type Mode = "async" | "sync" | "chain";

/** The reply of each mode, for a reply value `T` and an executor `Self`. */
export interface ReplyByMode<T, Self extends { readonly "~kind": ChainKind }> {
  /** The async client: a promise of the reply. */
  async: Promise<T>;
  /** The blocking client: the reply itself. */
  sync: T;
  /** Pipelines and transactions: the executor, to chain the next command, one result longer. */
  chain: Chained<Self, T>;
}

/**
 * What a command method returns on an executor of mode `M`: e.g.
 * `Reply<"async", string | null, this>` is `Promise<string | null>`.
 */
export type Reply<M extends Mode, T, Self extends { readonly "~kind": ChainKind }> = ReplyByMode<
  T,
  Self
>[M];

/** The type strings of replies take: `string`, or `Uint8Array` on the bytes view. */
export type Text = string | Uint8Array;

/** A key: text or bytes. */
export type RedisKey = string | Uint8Array;

/**
 * Turns a decoded reply into the value a command returns. A command's reply
 * type is its transform's return type: `call` infers `T` from the transform,
 * so a declaration cannot promise more than its transform delivers.
 */
export type Transform<T = unknown> = (reply: RespValue) => T;

/**
 * Every command group extends this class; executors implement
 * {@link CommandBase.call}, so one declaration serves them all.
 *
 * @example
 * ```ts
 * class Echo extends CommandBase<"async", string> {
 *   protected call<T>(args: RedisArg[], transform: Transform<T>) {
 *     return connection.send(args, transform) as never;
 *   }
 * }
 * ```
 */
export abstract class CommandBase<M extends Mode, S extends Text> {
  /** @internal A phantom of the reply string type, so that `S` is part of the class's type. */
  declare protected readonly textType: S;
  /**
   * Type-level only: what a command chained on this executor returns (see
   * `chain.ts`); an executor that does not chain never uses it.
   */
  declare readonly "~kind": ChainKind;

  /**
   * Run a command: `args` is the whole command (`["GET", key]`); `transform`
   * shapes the reply into `T`, the same under RESP2 and RESP3, and its type
   * is the reply type (see `replies.ts` for the common ones).
   */
  protected abstract call<T>(args: RedisArg[], transform: Transform<T>): Reply<M, T, this>;
}
