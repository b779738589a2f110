/**
 * Where a command's keys are, from the server's key specs (so that movable
 * keys — EVAL's numkeys, XREAD's STREAMS, ZUNION's count — are found, not
 * guessed), and how a keyless command is routed (its policy tips).
 *
 * @module
 */
import {
  type BeginSearch,
  CONTAINER_COMMANDS,
  type FindKeys,
  KEY_SPECS,
  POLICIES,
} from "./command_table.ts";
import type { RedisArg } from "../resp/types.ts";

/**
 * The tables as Maps: a command name comes from the caller, and one named
 * like a member of `Object.prototype` (`constructor`, `__proto__`, …) must
 * find nothing rather than `Object`'s members.
 */
const SPECS_BY_NAME = new Map(Object.entries(KEY_SPECS));
const POLICIES_BY_NAME = new Map(Object.entries(POLICIES));

/**
 * The metadata name of `args`: `GET`, or `OBJECT ENCODING` for a container's subcommand.
 *
 * @example
 * ```ts
 * commandName(["object", "encoding", "k"]); // "OBJECT ENCODING"
 * ```
 */
export function commandName(args: readonly RedisArg[]): string {
  const first = args[0];
  // Declarations spell names in upper case: skip the conversion for those.
  const name = typeof first === "string" && SPECS_BY_NAME.has(first)
    ? first
    : String(first).toUpperCase();
  if (!CONTAINER_COMMANDS.has(name) || args.length < 2) return name;
  return `${name} ${String(args[1]).toUpperCase()}`;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * An argument as text (bytes decoded as UTF-8, a leading U+FEFF kept), as
 * keywords are matched.
 *
 * @example
 * ```ts
 * argText(new Uint8Array([0x4b])); // "K"
 * ```
 */
export function argText(arg: RedisArg): string {
  return arg instanceof Uint8Array ? utf8.decode(arg) : String(arg);
}

function beginAt(begin: BeginSearch, args: readonly RedisArg[]): number {
  if (typeof begin === "number") return begin;
  const [keyword, startfrom] = begin;
  if (startfrom >= 0) {
    for (let i = startfrom; i < args.length; i++) {
      if (argText(args[i]).toUpperCase() === keyword) return i + 1;
    }
  } else {
    for (let i = args.length + startfrom; i > 0; i--) {
      if (argText(args[i]).toUpperCase() === keyword) return i + 1;
    }
  }
  return -1;
}

function keysFrom(
  find: FindKeys,
  start: number,
  args: readonly RedisArg[],
  into: unknown[],
  positions: boolean,
): void {
  if (find[0] === "range") {
    const [, lastkey, keystep, limit] = find;
    let last: number;
    if (lastkey >= 0) last = start + lastkey;
    else {
      last = args.length + lastkey;
      if (limit > 1) last = start + Math.floor((last - start + 1) / limit) - 1;
    }
    for (let i = start; i <= last && i < args.length; i += keystep) {
      into.push(positions ? i : args[i]);
    }
  } else {
    const [, keynumidx, firstkey, keystep] = find;
    const count = Number(argText(args[start + keynumidx]));
    if (!Number.isInteger(count) || count <= 0) return;
    const first = start + firstkey;
    for (let n = 0, i = first; n < count && i < args.length; n++, i += keystep) {
      into.push(positions ? i : args[i]);
    }
  }
}

/** The keys (or with `positions`, their indexes in `args`) that the key specs find. */
function walkKeys(args: readonly RedisArg[], into: unknown[], positions: boolean): void {
  const specs = SPECS_BY_NAME.get(commandName(args));
  if (specs === undefined) return;
  for (const [begin, find] of specs) {
    const start = beginAt(begin, args);
    if (start > 0 && start < args.length) keysFrom(find, start, args, into, positions);
  }
}

/**
 * The keys of a command, in argument order (empty for a keyless one).
 *
 * @example
 * ```ts
 * commandKeys(["EVAL", "return 1", 2, "a", "b", "arg"]); // ["a", "b"]
 * commandKeys(["XREAD", "COUNT", 1, "STREAMS", "s1", "s2", "0", "0"]); // ["s1", "s2"]
 * ```
 */
export function commandKeys(args: readonly RedisArg[]): RedisArg[] {
  const keys: RedisArg[] = [];
  walkKeys(args, keys, false);
  return keys;
}

/**
 * Where the keys of a command are: their indexes in `args`, in argument
 * order (empty for a keyless one). The same walk as {@link commandKeys}.
 *
 * @example
 * ```ts
 * commandKeyPositions(["EVAL", "return 1", 2, "a", "b", "arg"]); // [3, 4]
 * commandKeyPositions(["MSET", "a", "1", "b", "2"]); // [1, 3]
 * ```
 */
export function commandKeyPositions(args: readonly RedisArg[]): number[] {
  const positions: number[] = [];
  walkKeys(args, positions, true);
  return positions;
}

/** How a keyless command is sent in a cluster. */
export type RequestPolicy = "all_nodes" | "all_shards" | "multi_shard" | "special" | null;
/** How the replies of a command sent to several nodes become one. */
export type ResponsePolicy =
  | "one_succeeded"
  | "all_succeeded"
  | "agg_logical_and"
  | "agg_logical_or"
  | "agg_min"
  | "agg_max"
  | "agg_sum"
  | "special"
  | null;

/**
 * The request and response policy tips of a command, `null` where it has none.
 *
 * @example
 * ```ts
 * commandPolicies(["DBSIZE"]); // { request: "all_shards", response: "agg_sum" }
 * ```
 */
export function commandPolicies(
  args: readonly RedisArg[],
): { request: RequestPolicy; response: ResponsePolicy } {
  const tips = POLICIES_BY_NAME.get(commandName(args));
  return {
    request: (tips?.[0] ?? null) as RequestPolicy,
    response: (tips?.[1] ?? null) as ResponsePolicy,
  };
}
