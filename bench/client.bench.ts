/**
 * keel's client through the whole path (declaration, encoder, socket,
 * decoder, reply queue) against a private redis-server:
 * `deno bench -A bench/client.bench.ts`. For other clients side by side, see
 * `bench/compare.ts`.
 */
import { Redis } from "../mod.ts";
import { startServer } from "../tests/support/server.ts";

const server = await startServer();
const redis = await Redis.connect({ port: server.port });
const value64 = "v".repeat(64);
await redis.set("bench:64", value64);
globalThis.addEventListener("unload", () => {
  redis.close().finally(() => server.stop());
});

Deno.bench("sequential GET (one round trip)", { group: "client", baseline: true }, async () => {
  await redis.get("bench:64");
});

Deno.bench("pipelined SET ×1000 (one pipeline)", { group: "client" }, async () => {
  const pipeline = redis.pipeline();
  for (let i = 0; i < 1000; i++) pipeline.set(`bench:key:${i}`, value64);
  await pipeline.exec();
});

Deno.bench("1,000 concurrent GET (auto-pipelined)", { group: "client" }, async () => {
  const replies = new Array(1000);
  for (let i = 0; i < 1000; i++) replies[i] = redis.get("bench:64");
  await Promise.all(replies);
});
