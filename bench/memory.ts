/**
 * Memory per pending command and for one large reply, against a private
 * redis-server:
 *
 *   deno run -A --v8-flags=--expose-gc bench/memory.ts
 *   bun bench/memory.ts
 *
 * (1) Issues 1,000,000 GETs in one tick (none can be answered before the
 *     flush) and reports the heap they hold, per command, after a GC.
 * (2) Reads a 100 MiB value through the bytes view and reports how much the
 *     process's memory grew beyond the value itself.
 */
import process from "node:process";
import { Redis } from "../mod.ts";
import { startServer } from "../tests/support/server.ts";

const gc = (globalThis as { gc?: () => void }).gc ??
  (globalThis as unknown as { Bun?: { gc(force: boolean): void } }).Bun?.gc.bind(null, true);
if (gc === undefined) console.log("(no gc exposed: run Deno with --v8-flags=--expose-gc)");
const collect = () => gc?.();

const server = await startServer({ args: ["--proto-max-bulk-len", "1gb"] });
const redis = await Redis.connect({ port: server.port });
await redis.set("k", "v");

/** Heap held per pending GET when 1,000,000 are issued in one tick. */
async function perPendingCommand(client: Redis): Promise<number> {
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const count = 1_000_000;
  const pending = new Array(count);
  for (let i = 0; i < count; i++) pending[i] = client.get("k");
  collect();
  const perCommand = (process.memoryUsage().heapUsed - heapBefore) / count;
  await Promise.all(pending);
  return perCommand;
}

console.log(
  `1,000,000 pending GETs: ${(await perPendingCommand(redis)).toFixed(0)} bytes of heap each ` +
    "(the promise and its resolving functions, the queue entry with the arguments kept for a " +
    "retry after a lost connection, the caller's array slot)",
);
{
  await using noRetry = await Redis.connect({ port: server.port, retry: false });
  console.log(
    `the same with retry: false (arguments not kept): ${
      (await perPendingCommand(noRetry)).toFixed(0)
    } bytes each`,
  );
}

const size = 100 * 1024 * 1024;
const value = new Uint8Array(size).fill(0x61);
await redis.set("big", value);
collect();
const before = process.memoryUsage();
const reply = await redis.bytes.get("big");
const after = process.memoryUsage();
collect();
const settled = process.memoryUsage();
const grew = (a: NodeJS.MemoryUsage, b: NodeJS.MemoryUsage) =>
  ((b.rss - a.rss) / 2 ** 20).toFixed(0);
console.log(
  `a 100 MiB reply (bytes view, ${
    reply?.length === size ? "read back intact" : "WRONG LENGTH"
  }): ` +
    `RSS grew ${grew(before, after)} MiB at its peak, ${grew(before, settled)} MiB once collected`,
);
await redis.close();
await server.stop();
