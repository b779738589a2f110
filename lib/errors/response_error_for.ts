import {
  AskError,
  AuthenticationError,
  AuthorizationError,
  BusyError,
  BusyLoadingError,
  ClusterDownError,
  CrossSlotError,
  ExecAbortError,
  MasterDownError,
  MovedError,
  NoScriptError,
  OutOfMemoryError,
  ReadOnlyError,
  ResponseError,
  TryAgainError,
  WrongTypeError,
} from "./errors.ts";

type ResponseErrorClass = new (message: string) => ResponseError;

/**
 * The typed class of each error code. A `Map`, so that a code named like a
 * member of `Object.prototype` (`constructor`, `toString`, `__proto__`, …)
 * finds nothing and gets a plain {@link ResponseError}.
 */
const classByCode: ReadonlyMap<string, ResponseErrorClass> = new Map<string, ResponseErrorClass>([
  ["WRONGTYPE", WrongTypeError],
  ["NOSCRIPT", NoScriptError],
  ["READONLY", ReadOnlyError],
  ["LOADING", BusyLoadingError],
  ["EXECABORT", ExecAbortError],
  ["OOM", OutOfMemoryError],
  ["NOAUTH", AuthenticationError],
  ["WRONGPASS", AuthenticationError],
  ["NOPERM", AuthorizationError],
  ["MOVED", MovedError],
  ["ASK", AskError],
  ["TRYAGAIN", TryAgainError],
  ["CLUSTERDOWN", ClusterDownError],
  ["CROSSSLOT", CrossSlotError],
  ["MASTERDOWN", MasterDownError],
  ["BUSY", BusyError],
]);

/**
 * Build the typed error for a server error message: the class is chosen by
 * the message's first word (`WRONGTYPE …` → {@link WrongTypeError}), and
 * {@link ResponseError} serves every other code, whatever its spelling
 * (`constructor …` and `__proto__ …` included).
 *
 * @example
 * ```ts
 * responseErrorFor("WRONGTYPE Operation against a key").name; // "WrongTypeError"
 * ```
 */
export function responseErrorFor(message: string): ResponseError {
  const space = message.indexOf(" ");
  const code = space === -1 ? message : message.slice(0, space);
  const ErrorClass = classByCode.get(code) ?? ResponseError;
  return new ErrorClass(message);
}
