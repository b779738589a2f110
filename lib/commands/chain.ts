/**
 * Result types of chained commands (pipelines and transactions): each
 * queued command adds its reply type to the executor's results, so that
 * `redis.pipeline().set("a", "1").incr("n").exec()` is typed
 * `Promise<["OK" | RedisError, number | RedisError]>` (each slot may hold
 * the command's error), and `exec({ throwOnError: true })`
 * `Promise<["OK", number]>`. A chain's type is its own: commands queued
 * without using what they return (in a loop) are not in it, and its
 * `exec()` is then typed `unknown[]`.
 *
 * Every executor declares a type-level member (never set at run time),
 * `"~kind"`, a {@link ChainKind} that names its type after one more command;
 * {@link Chained} applies it to type a command's return on a chaining
 * executor: the same class, one result longer. (`"integer"` results are
 * `Integer`, `number | bigint`.)
 *
 * @module
 */
import type { RedisError } from "../errors/errors.ts";

/**
 * How an executor names its type after one more command: an interface
 * extending this, whose `chain` is the executor's type with `this["next"]`
 * (the command's reply type) appended to its results. Applied by
 * {@link Chained}: a type-level function, without conditional types (which
 * would make the compiler compare chains structurally, without end).
 *
 * @example
 * ```ts
 * interface PipelineKind<S extends Text, R extends unknown[]> extends ChainKind {
 *   readonly chain: Pipeline<S, [...R, this["next"]]>;
 * }
 * ```
 */
export interface ChainKind {
  /** The reply type of the command chained (set by {@link Chained}). */
  readonly next: unknown;
  /** The executor's type after it. */
  readonly chain: unknown;
}

/**
 * What a command queued on `Self` returns: `Self`'s kind applied to `T`
 * (for a pipeline, the pipeline with `T` appended to its results).
 *
 * @example
 * ```ts
 * type Next = Chained<Pipeline<string, ["OK"]>, number>; // Pipeline<string, ["OK", number]>
 * ```
 */
export type Chained<Self extends { readonly "~kind": ChainKind }, T> =
  (Self["~kind"] & { readonly next: T })["chain"];

/**
 * The results of a batch: each slot is its command's reply type or, when
 * failed commands leave their errors in their slots, `E` (a
 * {@link RedisError}; `never` with `throwOnError`). A chain whose commands
 * were not tracked in its type (queued in a loop, say) gives `unknown[]`.
 *
 * @example
 * ```ts
 * type A = BatchResults<["OK", number]>; // ["OK" | RedisError, number | RedisError]
 * type B = BatchResults<["OK", number], never>; // ["OK", number]
 * type C = BatchResults<[]>; // unknown[]
 * ```
 */
export type BatchResults<R extends unknown[], E = RedisError> = R extends [] ? unknown[]
  : { [K in keyof R]: R[K] | E };
