/**
 * keel in ten lines: connect, set and get, a pipeline, a hash, close.
 * Run: `npm run demo` (starts a throwaway redis-server), or
 * `REDIS_URL=redis://127.0.0.1:6379 deno run --allow-net --allow-env examples/quickstart.ts`.
 */
import process from "node:process";
import { Redis } from "../mod.ts";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

await using redis = await Redis.connect(url);
console.log("PING →", await redis.ping());
await redis.set("greeting", "hello from keel", { ex: 60 });
console.log("GET greeting →", await redis.get("greeting"));
const [, visits] = await redis.pipeline().set("visits", 41).incr("visits").exec();
console.log("pipeline SET + INCR →", visits);
await redis.hset("user:1", { name: "Ada", born: 1815 });
console.log("HGETALL user:1 →", await redis.hgetall("user:1"));
console.log("protocol →", `RESP${redis.protocol}`);
