/**
 * Which commands block the connection, and for how long the server may hold
 * them: the client runs them on a connection of their own.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";

/** Where a blocking command's timeout is (negative: from the end), and its unit in ms. */
const TIMEOUT_AT = new Map<string, { index: number; unit: number }>([
  ["BLPOP", { index: -1, unit: 1000 }],
  ["BRPOP", { index: -1, unit: 1000 }],
  ["BLMOVE", { index: -1, unit: 1000 }],
  ["BRPOPLPUSH", { index: -1, unit: 1000 }],
  ["BZPOPMIN", { index: -1, unit: 1000 }],
  ["BZPOPMAX", { index: -1, unit: 1000 }],
  ["BLMPOP", { index: 1, unit: 1000 }],
  ["BZMPOP", { index: 1, unit: 1000 }],
  ["WAIT", { index: -1, unit: 1 }],
  ["WAITAOF", { index: -1, unit: 1 }],
]);

/**
 * How long the server may block `args`, in milliseconds (`0`: without
 * limit), or `undefined` when the command does not block (XREAD and
 * XREADGROUP block only with a BLOCK argument).
 *
 * @example
 * ```ts
 * blockingTimeout(["BLPOP", "jobs", 5]); // 5000
 * blockingTimeout(["GET", "k"]); // undefined
 * ```
 */
export function blockingTimeout(args: readonly RedisArg[]): number | undefined {
  const name = args[0];
  if (typeof name !== "string") return undefined;
  let where = TIMEOUT_AT.get(name);
  if (where === undefined) {
    if (name === "XREAD" || name === "XREADGROUP") return blockArgument(args);
    // Declarations spell names in upper case; only names sent by hand may not.
    const first = name.charCodeAt(0);
    if (first !== 0x62 && first !== 0x77 && first !== 0x78) return undefined;
    const upper = name.toUpperCase();
    if (upper === "XREAD" || upper === "XREADGROUP") return blockArgument(args);
    where = TIMEOUT_AT.get(upper);
    if (where === undefined) return undefined;
  }
  const value = Number(args[where.index < 0 ? args.length + where.index : where.index]);
  return Number.isFinite(value) ? value * where.unit : 0;
}

/** The BLOCK argument of XREAD/XREADGROUP in ms, or `undefined` without one. */
function blockArgument(args: readonly RedisArg[]): number | undefined {
  for (let i = 1; i < args.length - 1; i++) {
    const arg = args[i];
    if (typeof arg === "string" && arg.toUpperCase() === "BLOCK") return Number(args[i + 1]);
  }
  return undefined;
}

/** How much longer than the server's timeout a client waits for a blocking command. */
const BLOCKING_TIMEOUT_MARGIN = 5000;

/**
 * The client-side timeout of a blocking command whose server timeout is
 * `serverTimeout` ms: that plus a margin, or `0` (none) when the server
 * waits without limit.
 *
 * @example
 * ```ts
 * clientTimeoutFor(5000); // 10000
 * clientTimeoutFor(0); // 0
 * ```
 */
export function clientTimeoutFor(serverTimeout: number): number {
  return serverTimeout === 0 ? 0 : serverTimeout + BLOCKING_TIMEOUT_MARGIN;
}
