/**
 * SCAN, HSCAN, SSCAN and ZSCAN as async iterators that follow the cursor to
 * its end. The server guarantees that every element present for the whole
 * iteration is returned at least once; an element may be returned more than
 * once, and elements added or removed meanwhile may or may not be.
 *
 * @module
 */
import { asString, type ScoredMember, toScoredMembers } from "../commands/transforms.ts";
import { assertInteger } from "../commands/validate.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";

/** Options of every scan. */
export interface ScanOptions {
  /** Only elements matching this glob-style pattern (`user:*`). */
  match?: string;
  /** A hint of how many elements each round trip should look at. */
  count?: number;
}

/** Options of `scan`: `type` keeps keys of one type (`"string"`, `"hash"`, …). */
export interface KeyScanOptions extends ScanOptions {
  /** Only keys of this type. */
  type?: string;
}

/** Options of `hscan`: `novalues` yields field names only (Redis 7.4+). */
export interface HashScanOptions extends ScanOptions {
  /** Yield field names only. */
  novalues?: boolean;
}

/** A field of a hash with its value, as `hscan` yields them. */
export interface HashField<S> {
  /** The field name. */
  field: S;
  /** Its value. */
  value: S;
}

/** Sends one command and returns its raw reply. */
export type SendRaw = (args: RedisArg[]) => Promise<RespValue>;

/** A SCAN-family command: its arguments, and where its cursor goes. */
export interface ScanCommand {
  /** The command, cursor included. */
  args: RedisArg[];
  /** The cursor's index in `args`. */
  cursorAt: number;
}

/**
 * The first command of a scan: `SCAN 0 …` or `HSCAN key 0 …` with the
 * options as arguments.
 *
 * @example
 * ```ts
 * scanCommand("SSCAN", "tags", { match: "a*" }); // { args: ["SSCAN", "tags", "0", "MATCH", "a*"], cursorAt: 2 }
 * ```
 */
export function scanCommand(
  name: "SCAN" | "HSCAN" | "SSCAN" | "ZSCAN",
  key: RedisArg | undefined,
  options: KeyScanOptions & HashScanOptions = {},
): ScanCommand {
  const args: RedisArg[] = key === undefined ? [name, "0"] : [name, key, "0"];
  if (options.match !== undefined) args.push("MATCH", options.match);
  if (options.count !== undefined) {
    assertInteger(`${name.toLowerCase()} count`, options.count, 1);
    args.push("COUNT", options.count);
  }
  if (options.type !== undefined) args.push("TYPE", options.type);
  if (options.novalues) args.push("NOVALUES");
  return { args, cursorAt: key === undefined ? 1 : 2 };
}

/**
 * One reply of a SCAN-family command: the next cursor (`"0"` at the end) and
 * the page's items.
 *
 * @example
 * ```ts
 * readScanPage(["17", ["a", "b"]]); // { cursor: "17", items: ["a", "b"] }
 * ```
 */
export function readScanPage(reply: RespValue): { cursor: string; items: RespValue[] } {
  const [cursor, items] = reply as [RespValue, RespValue[]];
  return { cursor: asString(cursor), items };
}

/**
 * A page of HSCAN items (field, value, field, value …) as `{ field, value }`.
 *
 * @example
 * ```ts
 * toHashFields(["f", "v"]); // [{ field: "f", value: "v" }]
 * ```
 */
export function toHashFields<S>(items: RespValue[]): HashField<S>[] {
  const fields: HashField<S>[] = [];
  for (let i = 0; i < items.length; i += 2) {
    fields.push({ field: items[i] as S, value: items[i + 1] as S });
  }
  return fields;
}

/** Follow the cursor of a scan command and yield each page's items. */
async function* pages(
  send: SendRaw,
  command: ScanCommand,
): AsyncGenerator<RespValue[], void, undefined> {
  let cursor = "0";
  do {
    command.args[command.cursorAt] = cursor;
    const page = readScanPage(await send(command.args));
    cursor = page.cursor;
    yield page.items;
  } while (cursor !== "0");
}

/** Every key of the database (`SCAN`). */
export async function* scanKeys<S>(
  send: SendRaw,
  options: KeyScanOptions = {},
): AsyncGenerator<S, void, undefined> {
  for await (const page of pages(send, scanCommand("SCAN", undefined, options))) {
    yield* page as S[];
  }
}

/** Every member of a set (`SSCAN`). */
export async function* scanSet<S>(
  send: SendRaw,
  key: RedisArg,
  options: ScanOptions = {},
): AsyncGenerator<S, void, undefined> {
  for await (const page of pages(send, scanCommand("SSCAN", key, options))) {
    yield* page as S[];
  }
}

/** Every field and value of a hash (`HSCAN`), or every field with `novalues`. */
export async function* scanHash<S>(
  send: SendRaw,
  key: RedisArg,
  options: HashScanOptions = {},
): AsyncGenerator<HashField<S> | S, void, undefined> {
  for await (const page of pages(send, scanCommand("HSCAN", key, options))) {
    yield* options.novalues ? page as S[] : toHashFields<S>(page);
  }
}

/** Every member of a sorted set with its score (`ZSCAN`). */
export async function* scanSortedSet<S>(
  send: SendRaw,
  key: RedisArg,
  options: ScanOptions = {},
): AsyncGenerator<ScoredMember<S>, void, undefined> {
  for await (const page of pages(send, scanCommand("ZSCAN", key, options))) {
    yield* toScoredMembers(page) as ScoredMember<S>[];
  }
}
