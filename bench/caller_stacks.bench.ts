/**
 * What capturing the caller's stack costs per command (the `callerStacks`
 * option), against a private redis-server: the same auto-pipelined and
 * pipelined loads with and without the capture.
 * `deno bench -A bench/caller_stacks.bench.ts`.
 */
import { Redis } from "../mod.ts";
import { startServer } from "../tests/support/server.ts";

const server = await startServer();
const plain = await Redis.connect({ port: server.port });
const stacks = await Redis.connect({ port: server.port, callerStacks: true });
await plain.set("bench:64", "v".repeat(64));
globalThis.addEventListener("unload", () => {
  Promise.all([plain.close(), stacks.close()]).finally(() => server.stop());
});

for (const [name, redis] of [["off", plain], ["callerStacks", stacks]] as const) {
  Deno.bench(
    `1,000 concurrent GET, ${name}`,
    { group: "concurrent", baseline: name === "off" },
    async () => {
      const replies = new Array(1000);
      for (let i = 0; i < 1000; i++) replies[i] = redis.get("bench:64");
      await Promise.all(replies);
    },
  );
  Deno.bench(
    `sequential GET, ${name}`,
    { group: "sequential", baseline: name === "off" },
    async () => {
      await redis.get("bench:64");
    },
  );
}

// The capture alone, without a server.
const captureStackTrace = (Error as { captureStackTrace?: (target: object) => void })
  .captureStackTrace!;
Deno.bench("Error.captureStackTrace of an object ×1000", { group: "capture" }, () => {
  for (let i = 0; i < 1000; i++) captureStackTrace({});
});
Deno.bench("new Error() ×1000", { group: "capture" }, () => {
  for (let i = 0; i < 1000; i++) new Error();
});
