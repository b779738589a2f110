/**
 * SCAN, HSCAN, SSCAN and ZSCAN as async iterators that follow the cursor to
 * its end. The server guarantees that every element present for the whole
 * iteration is returned at least once; an element may be returned more than
 * once, and elements added or removed meanwhile may or may not be.
 *
 * @module
 */
import { asString, type ScoredMember, toNumber } from "../commands/transforms.ts";
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

function scanArgs(command: RedisArg[], options: KeyScanOptions & HashScanOptions): RedisArg[] {
  if (options.match !== undefined) command.push("MATCH", options.match);
  if (options.count !== undefined) {
    assertInteger(`${String(command[0]).toLowerCase()} count`, options.count, 1);
    command.push("COUNT", options.count);
  }
  if (options.type !== undefined) command.push("TYPE", options.type);
  if (options.novalues) command.push("NOVALUES");
  return command;
}

/** Follow the cursor of `args` (cursor at index `at`) and yield each page's items. */
async function* pages(
  send: SendRaw,
  args: RedisArg[],
  at: number,
): AsyncGenerator<RespValue[], void, undefined> {
  let cursor = "0";
  do {
    args[at] = cursor;
    const reply = await send(args) as [RespValue, RespValue[]];
    cursor = asString(reply[0]);
    yield reply[1];
  } while (cursor !== "0");
}

/** Every key of the database (`SCAN`). */
export async function* scanKeys<S>(
  send: SendRaw,
  options: KeyScanOptions = {},
): AsyncGenerator<S, void, undefined> {
  for await (const page of pages(send, scanArgs(["SCAN", "0"], options), 1)) {
    yield* page as S[];
  }
}

/** Every member of a set (`SSCAN`). */
export async function* scanSet<S>(
  send: SendRaw,
  key: RedisArg,
  options: ScanOptions = {},
): AsyncGenerator<S, void, undefined> {
  for await (const page of pages(send, scanArgs(["SSCAN", key, "0"], options), 2)) {
    yield* page as S[];
  }
}

/** Every field and value of a hash (`HSCAN`), or every field with `novalues`. */
export async function* scanHash<S>(
  send: SendRaw,
  key: RedisArg,
  options: HashScanOptions = {},
): AsyncGenerator<HashField<S> | S, void, undefined> {
  for await (const page of pages(send, scanArgs(["HSCAN", key, "0"], options), 2)) {
    if (options.novalues) yield* page as S[];
    else {
      for (let i = 0; i < page.length; i += 2) {
        yield { field: page[i] as S, value: page[i + 1] as S };
      }
    }
  }
}

/** Every member of a sorted set with its score (`ZSCAN`). */
export async function* scanSortedSet<S>(
  send: SendRaw,
  key: RedisArg,
  options: ScanOptions = {},
): AsyncGenerator<ScoredMember<S>, void, undefined> {
  for await (const page of pages(send, scanArgs(["ZSCAN", key, "0"], options), 2)) {
    for (let i = 0; i < page.length; i += 2) {
      yield { member: page[i] as S, score: toNumber(page[i + 1]) };
    }
  }
}
