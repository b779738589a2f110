/**
 * The blocking client against the async one, in one process, on the
 * runtime that runs this file: sequential GET round trips and 1 MiB values.
 *
 *   deno run -A bench/sync.ts     bun bench/sync.ts
 *
 * Each scenario runs a warm-up, then three interleaved rounds per client;
 * the table shows the median ops/s and RedisSync's share of the async rate.
 */
import { Redis } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { startBenchServer } from "./bench_server.ts";

const { port, stop } = await startBenchServer();
const redis = await Redis.connect({ port });
const blocking = RedisSync.connect({ port });
const big = "x".repeat(1 << 20);
await redis.set("small", "value");
await redis.set("big", big);

interface Scenario {
  name: string;
  count: number;
  async(): Promise<unknown>;
  sync(): unknown;
}

const scenarios: Scenario[] = [
  {
    name: "sequential GET",
    count: 20_000,
    async: () => redis.get("small"),
    sync: () => blocking.get("small"),
  },
  {
    name: "sequential GET 1 MiB",
    count: 300,
    async: () => redis.get("big"),
    sync: () => blocking.get("big"),
  },
  {
    name: "sequential SET 1 MiB",
    count: 300,
    async: () => redis.set("big", big),
    sync: () => blocking.set("big", big),
  },
];

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const runtime = "Deno" in globalThis ? "Deno" : "Bun" in globalThis ? "Bun" : "Node";
console.log(`RedisSync vs Redis (async) on ${runtime}, ops/s (median of 3)\n`);
console.log("| scenario | async | RedisSync | RedisSync / async |");
console.log("| --- | ---: | ---: | ---: |");
for (const scenario of scenarios) {
  const rates = { async: [] as number[], sync: [] as number[] };
  for (let i = 0; i < scenario.count / 10; i++) {
    await scenario.async();
    scenario.sync();
  }
  for (let round = 0; round < 3; round++) {
    let started = performance.now();
    for (let i = 0; i < scenario.count; i++) await scenario.async();
    rates.async.push(scenario.count / ((performance.now() - started) / 1000));
    started = performance.now();
    for (let i = 0; i < scenario.count; i++) scenario.sync();
    rates.sync.push(scenario.count / ((performance.now() - started) / 1000));
  }
  const a = median(rates.async);
  const s = median(rates.sync);
  console.log(`| ${scenario.name} | ${Math.round(a)} | ${Math.round(s)} | ${(s / a).toFixed(2)} |`);
}
blocking.close();
await redis.close();
stop();
