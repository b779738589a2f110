/**
 * Checks of command arguments that types cannot express. Each throws
 * {@link DataError} naming the argument and what was expected.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";

/** `value` must be a safe integer (optionally at least `min`). */
export function assertInteger(
  name: string,
  value: unknown,
  min = -Infinity,
): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    const bound = min === -Infinity ? "" : min === 0 ? " ≥ 0" : ` ≥ ${min}`;
    throw new DataError(`${name}: expected an integer${bound}, got ${String(value)}`);
  }
}

/** `value` must be a number that is not NaN (infinities are allowed). */
export function assertScore(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new DataError(`${name}: expected a number, got ${String(value)}`);
  }
}

/** At most one of `keys` may be set in `options`. */
export function assertExclusive(command: string, options: object, keys: readonly string[]): void {
  const set = keys.filter((key) => {
    const value = (options as Record<string, unknown>)[key];
    return value !== undefined && value !== false;
  });
  if (set.length > 1) {
    throw new DataError(`${command}: options ${set.join(" and ")} cannot be combined`);
  }
}

/** A list of arguments must not be empty. */
export function assertNotEmpty(name: string, values: readonly unknown[]): void {
  if (values.length === 0) throw new DataError(`${name}: expected at least one, got none`);
}

/** A blocking command's timeout in seconds: a number ≥ 0 (fractions allowed); returns it. */
export function blockingSeconds(name: string, value: unknown): number {
  assertScore(name, value);
  if (value < 0) throw new DataError(`${name}: expected seconds ≥ 0, got ${value}`);
  return value;
}
