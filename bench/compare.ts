/**
 * keel side by side with other Redis clients on the runtime that runs this
 * file, against one private redis-server, with the same scenarios:
 *
 *   deno run -A bench/compare.ts [--quick] [--only=keel,ioredis]
 *   bun bench/compare.ts [--quick]
 *
 * The server is pinned to core 0 and this process to core 1 when `taskset`
 * exists. Each scenario runs a warm-up, then three rounds; the table shows
 * the median ops/s and keel's ratio to each client. redis-benchmark (C) runs
 * the same scenarios as the reference row.
 */
import { execFileSync, spawnSync } from "node:child_process";
import process from "node:process";
import { Redis } from "../mod.ts";
import { hasTaskset, startBenchServer } from "./bench_server.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((arg) => arg.startsWith("--only="))?.slice(7).split(",");
const runtime = "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : "node";

/** Re-run this process pinned to core 1, once. */
if (hasTaskset() && process.env.KEEL_BENCH_PINNED !== "1") {
  const child = spawnSync("taskset", [
    "-c",
    "1",
    process.execPath,
    ...process.execArgv,
    ...commandLine(),
  ], {
    stdio: "inherit",
    env: { ...process.env, KEEL_BENCH_PINNED: "1" },
  });
  process.exit(child.status ?? 1);
}

function commandLine(): string[] {
  // Deno's argv is [deno, script, ...args] and needs `run -A`; Bun's is [bun, script, ...args].
  const script = process.argv[1];
  return runtime === "deno" ? ["run", "-A", script, ...args] : [script, ...args];
}

// ---------------------------------------------------------------------------------------------
// The server

const { port, stop: stopServer } = await startBenchServer();
const url = `redis://127.0.0.1:${port}`;

// ---------------------------------------------------------------------------------------------
// The clients, each behind the same small interface

interface Client {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  /** 1,000 SETs in the client's own explicit batching idiom. */
  pipelinedSets(keys: string[], value: string): Promise<unknown>;
  close(): Promise<unknown>;
}

type ClientFactory = () => Promise<Client>;

/** The calls every client here shares; `batch()` opens its explicit pipeline. */
interface CommonClient<Batch extends { set(key: string, value: string): unknown }> {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  batch(): Batch;
  send(batch: Batch): Promise<unknown>;
  close(): Promise<unknown>;
}

function adapt<Batch extends { set(key: string, value: string): unknown }>(
  client: CommonClient<Batch>,
): Client {
  return {
    get: (key) => client.get(key),
    set: (key, value) => client.set(key, value),
    pipelinedSets: (keys, value) => {
      const batch = client.batch();
      for (const key of keys) batch.set(key, value);
      return client.send(batch);
    },
    close: () => client.close(),
  };
}

const clients: [string, ClientFactory][] = [
  ["keel", async () => {
    const redis = await Redis.connect(url);
    return adapt({
      get: (key) => redis.get(key),
      set: (key, value) => redis.set(key, value),
      batch: () => redis.pipeline(),
      send: (pipeline) => pipeline.exec(),
      close: () => redis.close(),
    });
  }],
  ...[false, true].map((auto): [string, ClientFactory] => [
    auto ? "ioredis (auto-pipelining)" : "ioredis",
    async () => {
      const { Redis: IORedis } = await import("ioredis");
      const redis = new IORedis(url, { enableAutoPipelining: auto, lazyConnect: true });
      await redis.connect();
      return adapt({
        get: (key) => redis.get(key),
        set: (key, value) => redis.set(key, value),
        batch: () => redis.pipeline(),
        send: (pipeline) => pipeline.exec(),
        close: () => redis.quit(),
      });
    },
  ]),
  ["node-redis", async () => {
    const { createClient } = await import("redis");
    const redis = createClient({ url });
    await redis.connect();
    return adapt({
      get: (key) => redis.get(key),
      set: (key, value) => redis.set(key, value),
      batch: () => redis.multi(),
      send: (multi) => multi.execAsPipeline(),
      close: () => redis.close(),
    });
  }],
];

interface BunRedisClient {
  connect(): Promise<void>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  close(): void;
}
const bun = (globalThis as unknown as {
  Bun?: { RedisClient: new (url: string) => BunRedisClient };
}).Bun;
if (bun !== undefined) {
  clients.push(["Bun RedisClient", async () => {
    const redis = new bun.RedisClient(url);
    await redis.connect();
    return {
      get: (key) => redis.get(key),
      set: (key, value) => redis.set(key, value),
      // Bun pipelines on its own: 1,000 SETs issued together go out together.
      pipelinedSets: (keys, value) => Promise.all(keys.map((key) => redis.set(key, value))),
      close: () => {
        redis.close();
        return Promise.resolve();
      },
    };
  }]);
}

// ---------------------------------------------------------------------------------------------
// The scenarios

const value64 = "v".repeat(64);
const value1M = "m".repeat(1024 * 1024);
const keys1000 = Array.from({ length: 1000 }, (_, i) => `key:${i}`);
const scale = quick ? 0.1 : 1;

interface Scenario {
  name: string;
  /** Operations per round. */
  operations: number;
  run(client: Client): Promise<void>;
  /** redis-benchmark arguments for the same work, and how many of its requests make one operation. */
  reference: string[];
}

const scenarios: Scenario[] = [
  {
    name: "sequential GET",
    operations: Math.round(20_000 * scale),
    async run(client) {
      for (let i = 0; i < this.operations; i++) await client.get("bench:64");
    },
    reference: ["-c", "1", "-t", "set,get", "-d", "64", "-n", String(Math.round(50_000 * scale))],
  },
  {
    name: "pipelined SET ×1000",
    operations: Math.round(100_000 * scale),
    async run(client) {
      for (let i = 0; i < this.operations; i += 1000) await client.pipelinedSets(keys1000, value64);
    },
    reference: [
      "-c",
      "1",
      "-P",
      "1000",
      "-t",
      "set",
      "-d",
      "64",
      "-n",
      String(Math.round(1_000_000 * scale)),
    ],
  },
  {
    name: "1,000 concurrent GET",
    operations: Math.round(200_000 * scale),
    async run(client) {
      for (let i = 0; i < this.operations; i += 1000) {
        const replies = new Array(1000);
        for (let j = 0; j < 1000; j++) replies[j] = client.get("bench:64");
        await Promise.all(replies);
      }
    },
    reference: [
      "-c",
      "1",
      "-P",
      "1000",
      "-t",
      "set,get",
      "-d",
      "64",
      "-n",
      String(Math.round(1_000_000 * scale)),
    ],
  },
  {
    name: "sequential GET 1 MiB",
    operations: Math.round(1_000 * scale),
    async run(client) {
      for (let i = 0; i < this.operations; i++) await client.get("bench:1m");
    },
    reference: [
      "-c",
      "1",
      "-t",
      "set,get",
      "-d",
      String(1024 * 1024),
      "-n",
      String(Math.round(2_000 * scale)),
    ],
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(client: Client, scenario: Scenario): Promise<number> {
  // A whole round of warm-up: the JIT needs thousands of calls to settle.
  await scenario.run(client);
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await scenario.run(client);
    rates.push(scenario.operations / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

/** Check that the client reads back what was written, before timing it. */
async function verify(name: string, client: Client): Promise<void> {
  await client.set("bench:64", value64);
  await client.set("bench:1m", value1M);
  const small = await client.get("bench:64");
  const large = await client.get("bench:1m");
  const text = (value: unknown) => typeof value === "string" ? value : String(value);
  if (text(small) !== value64 || text(large).length !== value1M.length) {
    throw new Error(`${name} read back a wrong value`);
  }
}

function redisBenchmark(scenario: Scenario): number | undefined {
  try {
    const output = execFileSync(
      "redis-benchmark",
      ["-h", "127.0.0.1", "-p", String(port), "-q", ...scenario.reference],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    // The last test named is the one measured (GET after the SET that fills the key).
    const command = scenario.reference[scenario.reference.indexOf("-t") + 1].split(",").pop()!;
    const line = output.split(/[\r\n]/).find((text) =>
      text.startsWith(`${command.toUpperCase()}:`) && text.includes("requests per second")
    );
    const match = /([\d.]+) requests per second/.exec(line ?? "");
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Run and print

const results = new Map<string, (number | undefined)[]>();
const reference = scenarios.map(redisBenchmark);
results.set("redis-benchmark (C)", reference);

for (const [name, factory] of clients) {
  if (only !== undefined && !only.some((wanted) => name.startsWith(wanted))) continue;
  const rates: (number | undefined)[] = [];
  try {
    const client = await factory();
    await verify(name, client);
    for (const scenario of scenarios) rates.push(await measure(client, scenario));
    await client.close();
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}`);
  }
  results.set(name, rates);
}

const format = (rate: number | undefined) =>
  rate === undefined
    ? "–"
    : rate >= 1e6
    ? `${(rate / 1e6).toFixed(2)} M`
    : rate >= 1e4
    ? `${(rate / 1e3).toFixed(1)} k`
    : rate.toFixed(0);
const keel = results.get("keel");
console.log(
  `\n### ${runtime} ${
    runtime === "deno"
      ? (globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno
      : process.versions.bun ?? process.version
  }, redis-server on 127.0.0.1:${port}${
    hasTaskset() ? " (server on core 0, client on core 1)" : ""
  }${quick ? ", --quick" : ""}\n`,
);
console.log(`| client | ${scenarios.map((s) => s.name).join(" | ")} |`);
console.log(`|---|${scenarios.map(() => "---:").join("|")}|`);
for (const [name, rates] of results) {
  const cells = scenarios.map((_, i) => {
    const rate = rates[i];
    const ratio = name !== "keel" && keel?.[i] !== undefined && rate !== undefined
      ? ` (keel ${(keel[i]! / rate).toFixed(2)}×)`
      : "";
    return `${format(rate)}${ratio}`;
  });
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}
console.log(
  "\nops/s, median of 3 rounds. Pipelined: keel and ioredis pipeline(), node-redis multi().execAsPipeline(),",
  "Bun Promise.all of 1,000 set() (it pipelines on its own). redis-benchmark: -c 1, with -P 1000 for the",
  "pipelined and concurrent rows.",
);
stopServer();
process.exit(0);
