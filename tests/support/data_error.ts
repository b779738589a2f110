/**
 * The check that a call is refused before anything is sent: it throws a
 * {@link DataError} synchronously, never a TypeError, never a rejection.
 *
 * @module
 */
import assert from "node:assert/strict";
import { DataError } from "../../mod.ts";

/**
 * Call `call` and expect it to throw (synchronously) a `DataError` whose
 * message matches `message`; `label` names the case in a failure. A promise
 * it returns instead is given a handler, so that it cannot go unhandled.
 * Returns the error, for further checks.
 *
 * @example
 * ```ts
 * const error = expectDataError(
 *   "set EX",
 *   () => redis.set("k", "v", { EX: 60 } as never),
 *   /did you mean 'ex'/,
 * );
 * assert.ok(!error.message.includes("v"));
 * ```
 */
export function expectDataError(label: string, call: () => unknown, message: RegExp): DataError {
  let thrown: unknown;
  try {
    const result = call();
    if (result instanceof Promise) result.catch(() => {});
  } catch (error) {
    thrown = error;
  }
  assert.ok(
    thrown instanceof DataError,
    `${label}: expected a DataError, got ${
      thrown instanceof Error ? thrown.stack : thrown === undefined ? "no error" : String(thrown)
    }`,
  );
  assert.match(thrown.message, message, label);
  return thrown;
}
