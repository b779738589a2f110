/**
 * keel: a Redis client for Deno and Bun, with no dependencies.
 *
 * @example
 * ```ts
 * import { Redis } from "@keel/redis";
 *
 * await using redis = await Redis.connect("redis://127.0.0.1:6379");
 * await redis.set("greeting", "hello", { ex: 60 });
 * console.log(await redis.get("greeting")); // "hello"
 * const [, count] = await redis.pipeline().set("n", 1).incr("n").exec(); // one round trip
 * ```
 *
 * @module
 */
export * from "./async.ts";
