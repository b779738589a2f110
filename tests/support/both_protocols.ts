/**
 * Running a command over RESP2 and RESP3 against the same server in one
 * test, to check that its reply is the same over both (nested levels,
 * prototypes and number types included).
 *
 * @module
 */
import assert from "node:assert/strict";
import { Redis } from "../../mod.ts";
import type { ProtocolContext } from "./per_protocol.ts";

/**
 * Run `command` on the group's client and on a new async client of the
 * other protocol (same server); returns the replies as `{ resp2, resp3 }`.
 *
 * @example
 * ```ts
 * const { resp2, resp3 } = await onBothProtocols(ctx, (redis) => redis.memoryStats());
 * ```
 */
export async function onBothProtocols<T>(
  context: ProtocolContext,
  command: (redis: Redis) => Promise<T>,
): Promise<{ resp2: T; resp3: T }> {
  const other = await Redis.connect({
    port: context.server.port,
    protocol: context.protocol === 2 ? 3 : 2,
  });
  try {
    const mine = await command(context.redis);
    const theirs = await command(other);
    return context.protocol === 2 ? { resp2: mine, resp3: theirs } : { resp2: theirs, resp3: mine };
  } finally {
    await other.close();
  }
}

/**
 * Assert that `command` replies the same over RESP2 and RESP3:
 * `assert.deepStrictEqual` of both replies, after `normalize` (e.g.
 * {@link typeShape} for replies with clocks and counters in them).
 *
 * @example
 * ```ts
 * await assertSameOnBothProtocols(ctx, (redis) => redis.functionStats());
 * ```
 */
export async function assertSameOnBothProtocols<T>(
  context: ProtocolContext,
  command: (redis: Redis) => Promise<T>,
  normalize: (reply: T) => unknown = (reply) => reply,
): Promise<T> {
  const { resp2, resp3 } = await onBothProtocols(context, command);
  assert.deepStrictEqual(
    normalize(resp2),
    normalize(resp3),
    "the reply over RESP2 (actual) differs from the reply over RESP3 (expected)",
  );
  return context.protocol === 2 ? resp2 : resp3;
}

/**
 * `value` with every scalar replaced by its kind (`"number"`, `"string"`,
 * `"bigint"`, `"null"`, `"bytes"`, …): arrays, `Map`s and objects are kept,
 * each with its prototype, so that two replies compare by shape alone.
 *
 * @example
 * ```ts
 * typeShape({ a: 1, b: ["x"] }); // { a: "number", b: ["string"] }
 * ```
 */
export function typeShape(value: unknown): unknown {
  if (value === null) return "null";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return value.map(typeShape);
  if (value instanceof Map) {
    return new Map([...value].map(([key, item]) => [key, typeShape(item)]));
  }
  if (typeof value === "object") {
    const shape: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
    for (const [key, item] of Object.entries(value)) shape[key] = typeShape(item);
    return shape;
  }
  return typeof value;
}

/**
 * A copy of `record` (same prototype) without the fields `keys`: for fields
 * whose values depend on time or on what ran between two calls.
 *
 * @example
 * ```ts
 * without(await redis.hello(), "id", "proto");
 * ```
 */
export function without<T extends object>(record: T, ...keys: string[]): Partial<T> {
  const copy: Partial<T> = Object.create(Object.getPrototypeOf(record));
  for (const [key, item] of Object.entries(record)) {
    if (!keys.includes(key)) Object.assign(copy, { [key]: item });
  }
  return copy;
}
