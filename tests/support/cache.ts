/**
 * Helpers for the client-side cache's tests: waiting for an `invalidate`
 * event (instead of polling the cache), and reading its counters.
 *
 * @module
 */
import type { Redis } from "../../mod.ts";
import type { CacheStats } from "../../lib/cache/reply_cache.ts";
import type { InvalidateEvent, RedisEvents } from "../../lib/events/events.ts";

/**
 * The next `invalidate` event of `redis` that `match` accepts; rejects after
 * `ms` milliseconds. Call it before the action that should cause it.
 *
 * @example
 * ```ts
 * const seen = nextInvalidation(redis, forKey("k"));
 * await other.set("k", "v2");
 * await seen;
 * ```
 */
export function nextInvalidation(
  redis: { readonly events: RedisEvents },
  match: (event: InvalidateEvent) => boolean = () => true,
  ms = 10_000,
): Promise<InvalidateEvent> {
  return new Promise((resolve, reject) => {
    const onEvent = (event: InvalidateEvent) => {
      if (!match(event)) return;
      clearTimeout(timer);
      redis.events.removeEventListener("invalidate", onEvent);
      resolve(event);
    };
    const timer = setTimeout(() => {
      redis.events.removeEventListener("invalidate", onEvent);
      reject(new Error(`no matching invalidate event within ${ms} ms`));
    }, ms);
    redis.events.addEventListener("invalidate", onEvent);
  });
}

/**
 * An event from the server that names `key` (or everything).
 *
 * @example
 * ```ts
 * await nextInvalidation(redis, forKey("user:1"));
 * ```
 */
export function forKey(key: string): (event: InvalidateEvent) => boolean {
  return (event) => event.cause === "server" && (event.keys === null || event.keys.includes(key));
}

/**
 * The cache's counters (the client must have the `cache` option).
 *
 * @example
 * ```ts
 * const { hits } = statsOf(redis);
 * ```
 */
export function statsOf(redis: Redis): CacheStats {
  const stats = redis.cacheStats;
  if (stats === undefined) throw new Error("the client has no cache");
  return stats;
}

/**
 * Run `read` and return whether the cache answered it (a hit was counted).
 *
 * @example
 * ```ts
 * assert.equal(await served(redis, () => redis.get("k")), true);
 * ```
 */
export async function served<T>(
  redis: Redis,
  read: () => Promise<T>,
): Promise<{ value: T; hit: boolean }> {
  const before = statsOf(redis).hits;
  const value = await read();
  return { value, hit: statsOf(redis).hits > before };
}

/**
 * Wait until `condition` holds, checking every 20 ms, for at most `ms`.
 *
 * @example
 * ```ts
 * await until(async () => (await other.clientList({ type: "pubsub" })).length === 1);
 * ```
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  ms = 10_000,
  what = "the condition",
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
