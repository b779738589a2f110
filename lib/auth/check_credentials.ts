/**
 * The check of what a credentials provider (a function, or a stream) gave:
 * a `{ username?, password }` object, or a {@link DataError} saying what
 * came instead. Messages never show a password.
 *
 * @module
 */
import type { Credentials } from "./credentials.ts";
import { DataError } from "../errors/errors.ts";

const EXPECTED = "expected { username?: string, password: string }";

/** What `value` is, for a message: its type, never its text. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

/**
 * Check credentials a provider gave. `source` says where they came from
 * (`"the credentials provider returned"`, `"the credentials stream
 * yielded"`) and starts the message of the {@link DataError} thrown when
 * they are not `{ username?: string, password: string }`. The result is a
 * fresh object holding only those two fields.
 *
 * @example
 * ```ts
 * checkCredentials({ password: "pw" }, "the credentials provider returned"); // { username: undefined, password: "pw" }
 * checkCredentials(undefined, "the credentials provider returned");
 * // DataError: credentials: the credentials provider returned undefined; expected { username?: string, password: string }
 * ```
 */
export function checkCredentials(value: unknown, source: string): Credentials {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DataError(`credentials: ${source} ${describe(value)}; ${EXPECTED}`);
  }
  const { username, password } = value as { username?: unknown; password?: unknown };
  if (password === undefined) {
    throw new DataError(`credentials: ${source} an object without a password; ${EXPECTED}`);
  }
  if (typeof password !== "string") {
    throw new DataError(
      `credentials: ${source} an object whose password is ${describe(password)}; ${EXPECTED}`,
    );
  }
  if (username !== undefined && typeof username !== "string") {
    throw new DataError(
      `credentials: ${source} an object whose username is ${describe(username)}; ${EXPECTED}`,
    );
  }
  return { username, password };
}
