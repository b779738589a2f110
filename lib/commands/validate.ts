/**
 * Checks of command arguments that types cannot express, for callers
 * without a type checker too. Each throws {@link DataError} naming the
 * argument, what was expected and what it got — described safely whatever
 * the value is (an object without prototype, a symbol, a bigint) — before
 * anything is sent.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import { assertKnownKeys, optionKeys } from "../errors/unknown_option.ts";

export { optionKeys };
import type { RedisArg } from "../resp/types.ts";

const MAX_SHOWN = 40;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A short description of any value for an error message: strings quoted
 * (`the string "60"`), numbers as they are, other kinds by name. Never
 * throws, whatever the value.
 *
 * @example
 * ```ts
 * describeValue("60"); // 'the string "60"'
 * describeValue(Object.create(null)); // "an object without prototype"
 * describeValue(10n); // "the bigint 10n"
 * ```
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string": {
      const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `the bigint ${value.toString()}n`;
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "symbol":
      return value.description === undefined
        ? "a symbol"
        : `the symbol ${JSON.stringify(value.description.slice(0, MAX_SHOWN))}`;
    case "function":
      return "a function";
  }
  if (value === null) return "null";
  try {
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (value instanceof Uint8Array) return `${value.length} bytes`;
    const prototype = Object.getPrototypeOf(value);
    if (prototype === null) return "an object without prototype";
    if (prototype === Object.prototype) return "an object";
    const name = Object.getOwnPropertyDescriptor(prototype, "constructor")?.value?.name;
    return typeof name === "string" && name !== "" ? `an object (${name})` : "an object";
  } catch {
    // A revoked proxy, or a prototype getter that throws.
    return "an object";
  }
}

function fail(name: string, expected: string, value: unknown): never {
  throw new DataError(`${name}: expected ${expected}, got ${describeValue(value)}`);
}

function bound(min: number): string {
  return min === -Infinity ? "" : ` ≥ ${min}`;
}

/**
 * `value` must be a safe integer (optionally at least `min`).
 *
 * @example
 * ```ts
 * assertInteger("lrange start", 0); // passes
 * assertInteger("count", "5", 1); // DataError: count: expected an integer ≥ 1, got the string "5"
 * ```
 */
export function assertInteger(
  name: string,
  value: unknown,
  min = -Infinity,
): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    fail(name, `an integer${bound(min)}`, value);
  }
}

/**
 * `value` must be a signed 64-bit integer: a safe integer `number`, or a
 * `bigint` in range (`INCRBY`, `HINCRBY`).
 *
 * @example
 * ```ts
 * assertInteger64("incrby increment", 2n ** 62n); // passes
 * ```
 */
export function assertInteger64(name: string, value: unknown): asserts value is number | bigint {
  if (typeof value === "bigint") {
    if (value < INT64_MIN || value > INT64_MAX) fail(name, "a 64-bit integer", value);
  } else if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    fail(name, "an integer (a number or a bigint)", value);
  }
}

/**
 * `value` must be a number that is not NaN (infinities are allowed: scores).
 *
 * @example
 * ```ts
 * assertScore("zadd score", -Infinity); // passes
 * ```
 */
export function assertScore(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || Number.isNaN(value)) fail(name, "a number", value);
}

/**
 * `value` must be a finite number (neither NaN nor an infinity).
 *
 * @example
 * ```ts
 * assertFinite("incrbyfloat increment", 0.5); // passes
 * ```
 */
export function assertFinite(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(name, "a finite number", value);
}

/**
 * `value` must be one of `allowed`; returns it.
 *
 * @example
 * ```ts
 * assertOneOf("lmove from", "left", ["left", "right"]); // "left"
 * ```
 */
export function assertOneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  const found = allowed.find((item) => item === value);
  if (found === undefined) fail(name, allowed.map((item) => `"${item}"`).join(" or "), value);
  return found;
}

/**
 * An options argument must be an object (a caller without types may pass
 * anything) whose keys are all in `known` (the constant next to the options
 * type): `{ EX: 60 }` is a DataError naming the key and the nearest known one.
 *
 * @example
 * ```ts
 * assertOptions("lpos", null, ["rank", "maxlen"]); // DataError: lpos options: expected an object, got null
 * assertOptions("set", { EX: 60 }, ["ex", "px"]); // DataError: unknown option 'EX' of set; did you mean 'ex'?
 * ```
 */
export function assertOptions(
  name: string,
  options: unknown,
  known: readonly string[],
): asserts options is object {
  if (typeof options !== "object" || options === null) {
    fail(`${name} options`, "an object", options);
  }
  assertKnownKeys(options, known, name);
}

/** Whether an option is set: present and neither `undefined` nor `false`. */
function isSet(options: object, key: string): boolean {
  const value: unknown = (options as Record<string, unknown>)[key];
  return value !== undefined && value !== false;
}

/**
 * At most one of `keys` may be set in `options` (set: neither `undefined` nor `false`).
 *
 * @example
 * ```ts
 * assertExclusive("set", { ex: 1, px: 1 }, ["ex", "px"]); // DataError: set: options ex and px cannot be combined
 * ```
 */
export function assertExclusive(command: string, options: unknown, keys: readonly string[]): void {
  if (typeof options !== "object" || options === null) {
    if (options === undefined) return;
    fail(`${command} options`, "an object", options);
  }
  // Counted without allocating: this runs on every call with options.
  let count = 0;
  for (const key of keys) if (isSet(options, key)) count++;
  if (count > 1) {
    const set = keys.filter((key) => isSet(options, key));
    throw new DataError(`${command}: options ${set.join(" and ")} cannot be combined`);
  }
}

/**
 * Option `key` needs option `needed` in `options`.
 *
 * @example
 * ```ts
 * assertNeeds("lcs", { withmatchlen: true }, "withmatchlen", "idx"); // DataError: lcs: option withmatchlen needs idx
 * ```
 */
export function assertNeeds(command: string, options: object, key: string, needed: string): void {
  if (isSet(options, key) && !isSet(options, needed)) {
    throw new DataError(`${command}: option ${key} needs ${needed}`);
  }
}

/**
 * A list of arguments must be a non-empty array.
 *
 * @example
 * ```ts
 * assertNotEmpty("del keys", []); // DataError: del keys: expected at least one, got none
 * ```
 */
export function assertNotEmpty(name: string, values: unknown): asserts values is unknown[] {
  if (!Array.isArray(values)) fail(name, "an array", values);
  if (values.length === 0) throw new DataError(`${name}: expected at least one, got none`);
}

/**
 * A blocking command's timeout in seconds: a finite number ≥ 0 (fractions
 * allowed; 0 waits forever); returns it.
 *
 * @example
 * ```ts
 * blockingSeconds("blpop timeout", 0.5); // 0.5
 * ```
 */
export function blockingSeconds(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    fail(name, "seconds ≥ 0", value);
  }
  return value;
}

/**
 * Field (or key) and value pairs from an object or from an array of
 * `[name, value]` pairs, each pair checked.
 *
 * @example
 * ```ts
 * pairsArg("hset fields", { a: 1 }); // [["a", 1]]
 * pairsArg("hset fields", [["a", 1]]); // [["a", 1]]
 * ```
 */
export function pairsArg<K, V>(
  name: string,
  value: Record<string, V> | [K, V][],
): [K | string, V][] {
  if (Array.isArray(value)) {
    value.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        fail(`${name}[${i}]`, "a [name, value] pair", pair);
      }
    });
    return value;
  }
  if (typeof value !== "object" || value === null) {
    fail(name, "an object or an array of pairs", value);
  }
  return Object.entries(value);
}

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * A SCAN-family cursor as the decimal string the server expects: a string
 * of digits, or a `number` / `bigint` ≥ 0 (cursors are unsigned 64-bit, so
 * keep them as strings or bigints: a `number` loses digits past 2^53).
 *
 * @example
 * ```ts
 * cursorArg("scanPage cursor", "0"); // "0"
 * cursorArg("scanPage cursor", 17n); // "17"
 * ```
 */
export function cursorArg(name: string, value: unknown): string {
  if (typeof value === "string" && /^\d{1,20}$/.test(value) && BigInt(value) <= UINT64_MAX) {
    return value;
  }
  if (typeof value === "bigint" && value >= 0n && value <= UINT64_MAX) return value.toString();
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  fail(name, "a cursor (digits, or an integer ≥ 0)", value);
}

/** Options of the page forms of SCAN, HSCAN, SSCAN and ZSCAN, as `scanArgs` reads them. */
interface ScanArgsOptions {
  match?: unknown;
  count?: unknown;
  type?: unknown;
  novalues?: unknown;
}

/** Every key of the scan pages (each page's own check refuses the others' keys). */
const SCAN_KEYS = optionKeys<ScanArgsOptions>({
  match: true,
  count: true,
  type: true,
  novalues: true,
});

/**
 * The arguments of one SCAN-family call: `[name, key?, cursor, MATCH …, COUNT …, TYPE …]`,
 * each option checked.
 *
 * @example
 * ```ts
 * scanArgs("SSCAN", "tags", "0", { match: "a*" }); // ["SSCAN", "tags", "0", "MATCH", "a*"]
 * ```
 */
export function scanArgs(
  command: "SCAN" | "HSCAN" | "SSCAN" | "ZSCAN",
  key: RedisArg | undefined,
  cursor: unknown,
  options: ScanArgsOptions = {},
): RedisArg[] {
  const name = `${command.toLowerCase()}Page`;
  assertOptions(name, options, SCAN_KEYS);
  const args: RedisArg[] = key === undefined ? [command] : [command, key];
  args.push(cursorArg(`${name} cursor`, cursor));
  if (options.match !== undefined) {
    if (typeof options.match !== "string" && !(options.match instanceof Uint8Array)) {
      fail(`${name} match`, "a pattern (a string or bytes)", options.match);
    }
    args.push("MATCH", options.match);
  }
  if (options.count !== undefined) {
    assertInteger(`${name} count`, options.count, 1);
    args.push("COUNT", options.count);
  }
  if (options.type !== undefined) {
    if (command !== "SCAN") throw new DataError(`${name}: option type is for scanPage only`);
    if (typeof options.type !== "string") fail(`${name} type`, "a type name", options.type);
    args.push("TYPE", options.type);
  }
  if (options.novalues !== undefined && options.novalues !== false) {
    if (command !== "HSCAN") throw new DataError(`${name}: option novalues is for hscanPage only`);
    if (options.novalues !== true) fail(`${name} novalues`, "a boolean", options.novalues);
    args.push("NOVALUES");
  }
  return args;
}

/**
 * `sendCommand`'s command must be one array of arguments, at least the
 * command's name: `sendCommand("GET", "k")` (the arguments spread out, as
 * other clients take them) is a DataError saying how to write it, instead
 * of sending the letters of `"GET"`. Only the command's name is shown, never
 * the other arguments (they may be a password).
 *
 * @example
 * ```ts
 * assertCommandArgs(["GET", "k"]); // passes
 * assertCommandArgs("GET"); // DataError: sendCommand takes the command as one array: sendCommand(["GET", …]), not sendCommand("GET", …)
 * ```
 */
export function assertCommandArgs(args: unknown): asserts args is readonly RedisArg[] {
  if (Array.isArray(args)) {
    if (args.length === 0) {
      throw new DataError(
        'sendCommand: expected the command as an array of its name and arguments (sendCommand(["GET", "k"])), got an empty array',
      );
    }
    return;
  }
  if (typeof args === "string") {
    const name = JSON.stringify(args.length > MAX_SHOWN ? `${args.slice(0, MAX_SHOWN)}…` : args);
    throw new DataError(
      `sendCommand takes the command as one array: sendCommand([${name}, …]), not sendCommand(${name}, …)`,
    );
  }
  fail(
    "sendCommand",
    'the command as an array of its name and arguments (sendCommand(["GET", "k"]))',
    args,
  );
}
