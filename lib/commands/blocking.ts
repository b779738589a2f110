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

/**
 * How long the server may block a batch of commands sent together (a
 * pipeline), in milliseconds: the server runs them one after the other, so
 * their blocking timeouts add up; `0` when one may block without limit;
 * `undefined` when none blocks. Between MULTI and EXEC nothing blocks (the
 * server answers a queued BLPOP at once).
 *
 * @example
 * ```ts
 * batchBlockingTimeout([{ args: ["BLPOP", "a", 1] }, { args: ["BLPOP", "b", 2] }]); // 3000
 * batchBlockingTimeout([{ args: ["MULTI"] }, { args: ["BLPOP", "a", 1] }, { args: ["EXEC"] }]); // undefined
 * ```
 */
export function batchBlockingTimeout(
  commands: readonly { readonly args: readonly RedisArg[] }[],
): number | undefined {
  let total: number | undefined;
  let queued = false;
  for (const { args } of commands) {
    const name = args[0];
    if (typeof name === "string") {
      if (isWord(name, "MULTI")) queued = true;
      else if (isWord(name, "EXEC") || isWord(name, "DISCARD")) queued = false;
    }
    if (queued) continue;
    const blocking = blockingTimeout(args);
    if (blocking === undefined) continue;
    if (blocking === 0) return 0;
    total = (total ?? 0) + blocking;
  }
  return total;
}

/**
 * The client-side timeout of a batch that holds blocking commands: the
 * command timeout, or longer when the server may block the batch longer (its
 * blocking timeouts plus the margin); `0` (none) when the command timeout is
 * none or a command may block without limit. `undefined` when nothing in the
 * batch blocks: the batch uses the command timeout.
 *
 * @example
 * ```ts
 * batchClientTimeout([{ args: ["BLPOP", "a", 1] }], 400); // 6000
 * batchClientTimeout([{ args: ["GET", "a"] }], 400); // undefined
 * ```
 */
export function batchClientTimeout(
  commands: readonly { readonly args: readonly RedisArg[] }[],
  commandTimeout: number,
): number | undefined {
  const blocking = batchBlockingTimeout(commands);
  if (blocking === undefined) return undefined;
  if (blocking === 0 || commandTimeout === 0) return 0;
  return Math.max(commandTimeout, clientTimeoutFor(blocking));
}

/** Whether `name` is the command `word` (upper case), in any case; no allocation for others. */
function isWord(name: string, word: string): boolean {
  return name.length === word.length &&
    (name === word ||
      ((name.charCodeAt(0) | 0x20) === (word.charCodeAt(0) | 0x20) && name.toUpperCase() === word));
}
