/**
 * The checks of single option values: an integer in a range, a string, a
 * boolean, an object of known keys, a credentials source. Each failure is a
 * {@link DataError} naming the option; a secret's value is never shown.
 *
 * @module
 */
import type { Credentials, CredentialsProvider } from "../auth/credentials.ts";
import { DataError } from "../errors/errors.ts";
import { assertKnownKeys } from "../errors/unknown_option.ts";
import { describeValue } from "../commands/validate.ts";

/** The largest value of a 32-bit signed integer: the bound of counts and milliseconds. */
export const MAX_INT32 = 2 ** 31 - 1;

/**
 * `value` must be an integer from `min` to `max`.
 *
 * @example
 * ```ts
 * checkInteger("port", 6380, 1, 65535); // 6380
 * checkInteger("port", 0, 1, 65535); // DataError: port: expected an integer from 1 to 65535, got 0
 * ```
 */
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new DataError(
      `${name}: expected an integer from ${min} to ${max}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * `value` must be a string or absent. A wrong value is described, unless
 * `secret`: then only its kind is named (a password given as a number
 * must not appear in a message).
 *
 * @example
 * ```ts
 * checkString("host", "h.example"); // "h.example"
 * checkString("password", 1234, true); // DataError: password: expected a string, got number
 * ```
 */
export function checkString(name: string, value: unknown, secret = false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new DataError(
      `${name}: expected a string, got ${secret ? typeof value : describeValue(value)}`,
    );
  }
  return value;
}

/**
 * The `keyPrefix` option: a non-empty string, or absent.
 *
 * @example
 * ```ts
 * checkKeyPrefix("app:"); // "app:"
 * checkKeyPrefix(""); // DataError: keyPrefix: expected a non-empty string, got ""
 * ```
 */
export function checkKeyPrefix(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new DataError(`keyPrefix: expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * `value` must be a boolean or absent.
 *
 * @example
 * ```ts
 * checkBoolean("callerStacks", "yes"); // DataError: callerStacks: expected a boolean, got "yes"
 * ```
 */
export function checkBoolean(name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") {
    throw new DataError(`${name}: expected a boolean, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Settings given as an object must have known keys only; other values pass
 * (their own check says what is wrong with them).
 *
 * @example
 * ```ts
 * checkKeys({ maxsize: 3 }, ["maxSize"], "offlineQueue"); // DataError: … did you mean 'maxSize'?
 * ```
 */
export function checkKeys(value: unknown, known: readonly string[], where: string): void {
  if (typeof value === "object" && value !== null) assertKnownKeys(value, known, where);
}

/**
 * The `credentials` option must be a provider function or an async
 * iterable (a stream of credentials), or absent.
 *
 * @example
 * ```ts
 * checkCredentialsSource(() => ({ password: "pw" })); // the function
 * checkCredentialsSource("pw"); // DataError: credentials: expected a function or an async iterable, got string
 * ```
 */
export function checkCredentialsSource(
  provider: unknown,
): CredentialsProvider | AsyncIterable<Credentials> | undefined {
  if (provider === undefined || typeof provider === "function") {
    return provider as CredentialsProvider | undefined;
  }
  if (typeof provider === "object" && provider !== null && Symbol.asyncIterator in provider) {
    return provider as AsyncIterable<Credentials>;
  }
  throw new DataError(
    `credentials: expected a function or an async iterable, got ${typeof provider}`,
  );
}
