/**
 * Pipelined SETs on a 3-master cluster (with 3 replicas) against one
 * server, on the runtime that runs this file:
 *
 *   deno run -A bench/cluster.ts     bun bench/cluster.ts
 *
 * Each round sends a pipeline of 10,000 SETs over keys spread across every
 * slot; the table shows the median of 5 rounds after a warm-up. Everything
 * runs on this machine, so the cluster's three masters share its cores.
 */
import { Redis, RedisCluster } from "../mod.ts";
import { startCluster } from "../tests/support/cluster.ts";
import { startBenchServer } from "./bench_server.ts";

const COUNT = 10_000;
const cluster = await startCluster();
const single = await startBenchServer();
const clusterClient = await RedisCluster.connect({ nodes: [cluster.urls[0]] });
const singleClient = await Redis.connect({ port: single.port });

async function rate(run: () => Promise<unknown[]>): Promise<number> {
  await run();
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    await run();
    rates.push(COUNT / ((performance.now() - started) / 1000));
  }
  return rates.sort((a, b) => a - b)[2];
}

const keys = Array.from({ length: COUNT }, (_, i) => `bench:${i}`);
const clusterRate = await rate(() => {
  const pipeline = clusterClient.pipeline();
  for (const key of keys) pipeline.set(key, "value");
  return pipeline.exec();
});
const singleRate = await rate(() => {
  const pipeline = singleClient.pipeline();
  for (const key of keys) pipeline.set(key, "value");
  return pipeline.exec();
});
const runtime = "Deno" in globalThis ? "Deno" : "Bun";
console.log(`pipelined SET ×${COUNT} on ${runtime}, ops/s (median of 5)\n`);
console.log("| target | ops/s | vs one server |");
console.log("| --- | ---: | ---: |");
console.log(`| one server | ${Math.round(singleRate)} | 1.00 |`);
console.log(
  `| cluster, 3 masters | ${Math.round(clusterRate)} | ${(clusterRate / singleRate).toFixed(2)} |`,
);
await clusterClient.close();
await singleClient.close();
single.stop();
await cluster.stop();
