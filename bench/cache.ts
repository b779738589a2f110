/**
 * Client-side caching against none, in one process, on the runtime that
 * runs this file: the same workloads on a client with `cache` and one
 * without, rounds interleaved so that both see the same machine.
 *
 *   deno run -A bench/cache.ts     bun bench/cache.ts
 *
 * - hot key: sequential GET of one key (all hits once cached);
 * - 90 % reads: sequential GET of one of 1,000 keys, SET of one in ten;
 * - misses only, the cache full: sequential GET of keys never read before,
 *   once the cache holds `maxEntries` (the steady state of a stream of new
 *   keys: a key is stored from its second read, `lib/cache/admission.ts`);
 * - misses only, the cache filling: the same from an empty cache, each
 *   reply stored (new clients each round).
 *
 * The table shows the median ops/s of each and the cached client's ratio.
 */
import { Redis } from "../mod.ts";
import { startBenchServer } from "./bench_server.ts";

const { port, stop } = await startBenchServer();
const plain = await Redis.connect({ port });
const CACHE = { maxEntries: 10_000 };
const cached = await Redis.connect({ port, cache: CACHE });
const KEYS = 1_000;
const value = "v".repeat(64);
const pipeline = plain.pipeline();
for (let i = 0; i < KEYS; i++) pipeline.set(`cache:${i}`, value);
await pipeline.exec();

/** A small deterministic PRNG, so both clients see the same sequence. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let fresh = 0;
interface Scenario {
  name: string;
  /** Operations per round for the uncached client; the cached one does `scale` times more. */
  count: number;
  scale: number;
  run(redis: Redis, count: number, round: number): Promise<void>;
  /** Run once on the cached client before the rounds. */
  warm?(redis: Redis): Promise<void>;
  /** Each round on new clients (connected outside the timing), the cache empty. */
  newClients?: boolean;
}

const scenarios: Scenario[] = [
  {
    name: "hot key: sequential GET",
    count: 5_000,
    scale: 40,
    async run(redis, count) {
      for (let i = 0; i < count; i++) await redis.get("cache:0");
    },
  },
  {
    name: "90 % reads of 1,000 keys, 10 % SET",
    count: 5_000,
    scale: 1,
    async run(redis, count, round) {
      const next = random(round);
      for (let i = 0; i < count; i++) {
        const key = `cache:${Math.floor(next() * KEYS)}`;
        if (next() < 0.1) await redis.set(key, value);
        else await redis.get(key);
      }
    },
  },
  {
    name: "misses only, the cache full: GET of keys never read",
    count: 5_000,
    scale: 1,
    async warm(redis) {
      // Fill the cache past its bound: the steady state of a stream of new keys.
      for (let i = 0; i < 12_000; i++) await redis.get(`cache:fresh:${fresh++}`);
    },
    async run(redis, count) {
      for (let i = 0; i < count; i++) await redis.get(`cache:fresh:${fresh++}`);
    },
  },
  {
    name: "misses only, the cache filling from empty (a new client each round)",
    count: 5_000,
    scale: 1,
    newClients: true,
    async run(redis, count) {
      for (let i = 0; i < count; i++) await redis.get(`cache:fresh:${fresh++}`);
    },
  },
];

const ROUNDS = 11;
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const runtime = "Deno" in globalThis ? "Deno" : "Bun" in globalThis ? "Bun" : "Node";
console.log(`cache vs no cache on ${runtime}, ops/s (median of ${ROUNDS} interleaved rounds)\n`);
console.log("| workload | no cache | cache | cache / no cache |");
console.log("| --- | ---: | ---: | ---: |");
for (const scenario of scenarios) {
  const rates = { plain: [] as number[], cached: [] as number[] };
  await scenario.run(plain, scenario.count / 5, 0);
  await scenario.run(cached, (scenario.count * scenario.scale) / 5, 0);
  await scenario.warm?.(cached);
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 0 ? ["plain", "cached"] as const : ["cached", "plain"] as const;
    for (const which of order) {
      let redis = which === "plain" ? plain : cached;
      if (scenario.newClients) {
        redis = await Redis.connect(which === "plain" ? { port } : { port, cache: CACHE });
      }
      const count = which === "plain" ? scenario.count : scenario.count * scenario.scale;
      const started = performance.now();
      await scenario.run(redis, count, round);
      rates[which].push(count / ((performance.now() - started) / 1000));
      if (scenario.newClients) await redis.close();
    }
  }
  const a = median(rates.plain);
  const b = median(rates.cached);
  console.log(
    `| ${scenario.name} | ${Math.round(a).toLocaleString("en")} | ${
      Math.round(b).toLocaleString("en")
    } | ${(b / a).toFixed(2)}× |`,
  );
}
await plain.close();
await cached.close();
stop();
