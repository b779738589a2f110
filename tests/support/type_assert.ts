/**
 * Compile-time type assertions: `deno check` fails when a type is not
 * exactly the one expected. At run time they do nothing.
 *
 * @module
 */

/**
 * `true` when `A` and `B` are the same type (not merely assignable either
 * way: `any`, `unknown` and unions are told apart), else `false`.
 *
 * @example
 * ```ts
 * expectType<Equal<ReturnType<Redis["get"]>, Promise<string | null>>>(true);
 * ```
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2)
  ? true
  : false;

/**
 * Compiles only when `T` is `true`: pass it an {@link Equal} check.
 *
 * @example
 * ```ts
 * const reply = redis.zrange("z", 0, -1, { withscores: true });
 * expectType<Equal<typeof reply, Promise<ScoredMember<string>[]>>>(true);
 * ```
 */
export function expectType<T extends true>(_: T): void {}
