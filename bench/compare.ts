/**
 * keel side by side with other Redis clients and with the runtime's own
 * limit, on the runtime that runs this file, against one private
 * redis-server, with the same scenarios:
 *
 *   deno run -A bench/compare.ts [--quick] [--runs=3] [--only=keel,ioredis]
 *   bun bench/compare.ts [--quick]
 *
 * Every client runs in a process of its own (`--child=NAME`), pinned to
 * core 1 when `taskset` exists (the server is on core 0), so no client
 * inherits another's garbage or JIT state; each process runs a warm-up
 * round, then three, and keeps the median; the table shows the best of
 * `--runs` processes per client (3 by default), launched in turn. The
 * reference rows are redis-benchmark (C) and the raw socket loop of
 * `bench/floor.ts` (the runtime's limit for one command waiting for the
 * last); each row shows keel's rate as a fraction of it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import process from "node:process";
import { Redis } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { hasTaskset, startBenchServer } from "./bench_server.ts";
import { bulkReplyLength, rawLoop, runtimeSocketApi } from "./floor.ts";

const args = process.argv.slice(2);
const option = (name: string) =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = args.includes("--quick");
const runtime = "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : "node";
const scale = quick ? 0.1 : 1;

const SMALL_KEY = "bench:64";
const LARGE_KEY = "bench:1m";
const value64 = "v".repeat(64);
const value1M = "m".repeat(1024 * 1024);
const keys1000 = Array.from({ length: 1000 }, (_, i) => `key:${i}`);

// ---------------------------------------------------------------------------------------------
// The clients, each behind the same small interface

interface Client {
  /** GET of SMALL_KEY or LARGE_KEY; a promise, or the value itself (blocking client). */
  get(key: string): unknown;
  /** 1,000 SETs in the client's own explicit batching idiom; absent where there is none. */
  pipelinedSets?(keys: string[], value: string): unknown;
  /** Whether 1,000 GETs can be in flight at once. */
  concurrent: boolean;
  close(): unknown;
}

/** The calls the promise-based clients here share; `batch()` opens their explicit pipeline. */
interface CommonClient<Batch extends { set(key: string, value: string): unknown }> {
  get(key: string): unknown;
  batch(): Batch;
  send(batch: Batch): unknown;
  close(): unknown;
}

function adapt<Batch extends { set(key: string, value: string): unknown }>(
  client: CommonClient<Batch>,
  concurrent = true,
): Client {
  return {
    get: (key) => client.get(key),
    pipelinedSets: (keys, value) => {
      const batch = client.batch();
      for (const key of keys) batch.set(key, value);
      return client.send(batch);
    },
    concurrent,
    close: () => client.close(),
  };
}

interface BunRedisClient {
  connect(): Promise<void>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  close(): void;
}
const bun = (globalThis as unknown as {
  Bun?: { RedisClient: new (url: string) => BunRedisClient };
}).Bun;

/** Each client by name; the first two are the reference rows measured by this file. */
const clients: Record<string, (port: number) => Promise<Client>> = {
  [`raw loop (${runtimeSocketApi()})`]: async (port) => {
    const small = await rawLoop(runtimeSocketApi(), port, SMALL_KEY, bulkReplyLength(64));
    const large = await rawLoop(runtimeSocketApi(), port, LARGE_KEY, bulkReplyLength(1 << 20));
    return {
      get: (key) => key === SMALL_KEY ? small.trip() : large.trip(),
      concurrent: false,
      close: () => (small.close(), large.close()),
    };
  },
  "keel": async (port) => {
    const redis = await Redis.connect({ port });
    return adapt({
      get: (key) => redis.get(key),
      batch: () => redis.pipeline(),
      send: (pipeline) => pipeline.exec(),
      close: () => redis.close(),
    });
  },
  "keel (blocking)": (port) => {
    const redis = RedisSync.connect({ port });
    return Promise.resolve(adapt({
      get: (key) => redis.get(key),
      batch: () => redis.pipeline(),
      send: (pipeline) => pipeline.exec(),
      close: () => redis.close(),
    }, false));
  },
  "ioredis": (port) => ioredis(port, false),
  "ioredis (auto-pipelining)": (port) => ioredis(port, true),
  "node-redis": async (port) => {
    const { createClient } = await import("redis");
    const redis = createClient({ url: `redis://127.0.0.1:${port}` });
    await redis.connect();
    return adapt({
      get: (key) => redis.get(key),
      batch: () => redis.multi(),
      send: (multi) => multi.execAsPipeline(),
      close: () => redis.close(),
    });
  },
  ...(bun === undefined ? {} : {
    "Bun RedisClient": async (port: number): Promise<Client> => {
      const redis = new bun.RedisClient(`redis://127.0.0.1:${port}`);
      await redis.connect();
      return {
        get: (key) => redis.get(key),
        // Bun pipelines on its own: 1,000 SETs issued together go out together.
        pipelinedSets: (keys, value) => Promise.all(keys.map((key) => redis.set(key, value))),
        concurrent: true,
        close: () => redis.close(),
      };
    },
  }),
};

async function ioredis(port: number, autoPipelining: boolean): Promise<Client> {
  const { Redis: IORedis } = await import("ioredis");
  const redis = new IORedis(`redis://127.0.0.1:${port}`, {
    enableAutoPipelining: autoPipelining,
    lazyConnect: true,
  });
  await redis.connect();
  return adapt({
    get: (key) => redis.get(key),
    batch: () => redis.pipeline(),
    send: (pipeline) => pipeline.exec(),
    close: () => redis.quit(),
  });
}

// ---------------------------------------------------------------------------------------------
// The scenarios

interface Scenario {
  name: string;
  /** Operations per round. */
  operations: number;
  /** Whether the client can run it. */
  fits(client: Client): boolean;
  run(client: Client): Promise<void>;
  /** redis-benchmark arguments for the same work (the last test named is the one read). */
  reference: string[];
}

const count = (n: number) => String(Math.round(n * scale));
const sequential = (name: string, key: string, operations: number, reference: string[]) => ({
  name,
  operations: Math.round(operations * scale),
  fits: () => true,
  async run(client: Client) {
    for (let i = 0; i < this.operations; i++) await client.get(key);
  },
  reference,
});

const scenarios: Scenario[] = [
  sequential("sequential GET", SMALL_KEY, 20_000, [
    ...["-c", "1", "-t", "set,get", "-d", "64", "-n", count(50_000)],
  ]),
  {
    name: "pipelined SET ×1000",
    operations: Math.round(100_000 * scale),
    fits: (client) => client.pipelinedSets !== undefined,
    async run(client) {
      for (let i = 0; i < this.operations; i += 1000) {
        await client.pipelinedSets!(keys1000, value64);
      }
    },
    reference: ["-c", "1", "-P", "1000", "-t", "set", "-d", "64", "-n", count(1_000_000)],
  },
  {
    name: "1,000 concurrent GET",
    operations: Math.round(200_000 * scale),
    fits: (client) => client.concurrent,
    async run(client) {
      for (let i = 0; i < this.operations; i += 1000) {
        const replies = new Array(1000);
        for (let j = 0; j < 1000; j++) replies[j] = client.get(SMALL_KEY);
        await Promise.all(replies);
      }
    },
    reference: ["-c", "1", "-P", "1000", "-t", "set,get", "-d", "64", "-n", count(1_000_000)],
  },
  sequential("sequential GET 1 MiB", LARGE_KEY, 1_000, [
    ...["-c", "1", "-t", "set,get", "-d", String(1 << 20), "-n", count(2_000)],
  ]),
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** A warm-up round (the JIT needs thousands of calls to settle), then the median of three. */
async function measure(client: Client, scenario: Scenario): Promise<number | null> {
  if (!scenario.fits(client)) return null;
  await scenario.run(client);
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await scenario.run(client);
    rates.push(scenario.operations / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

// ---------------------------------------------------------------------------------------------
// A child: one client, every scenario, one JSON line of rates

const child = option("child");
if (child !== undefined) {
  const client = await clients[child](Number(option("port")));
  const text = (value: unknown) =>
    typeof value === "string" ? value : new TextDecoder().decode(value as Uint8Array);
  if (!child.startsWith("raw loop")) {
    // Check the client reads back what was written, before timing it.
    const [small, large] = [await client.get(SMALL_KEY), await client.get(LARGE_KEY)];
    if (text(small) !== value64 || text(large).length !== value1M.length) {
      throw new Error(`${child} read back a wrong value`);
    }
  }
  const rates: (number | null)[] = [];
  for (const scenario of scenarios) rates.push(await measure(client, scenario));
  await client.close();
  console.log(JSON.stringify(rates));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The parent: the server, the reference, one child per client and run

const pin = (command: string[]) => hasTaskset() ? ["taskset", "-c", "1", ...command] : command;
const { port, stop: stopServer } = await startBenchServer();
const setup = await Redis.connect({ port });
await setup.set(SMALL_KEY, value64);
await setup.set(LARGE_KEY, value1M);
await setup.close();

function redisBenchmark(scenario: Scenario): number | undefined {
  try {
    const [command, ...rest] = pin([
      "redis-benchmark",
      ...["-h", "127.0.0.1", "-p", String(port), "-q", ...scenario.reference],
    ]);
    const output = execFileSync(command, rest, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const test = scenario.reference[scenario.reference.indexOf("-t") + 1].split(",").pop()!;
    const line = output.split(/[\r\n]/).find((text) =>
      text.startsWith(`${test.toUpperCase()}:`) && text.includes("requests per second")
    );
    const match = /([\d.]+) requests per second/.exec(line ?? "");
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function runChild(name: string): (number | null)[] | undefined {
  const script = process.argv[1];
  const childArgs = [script, `--child=${name}`, `--port=${port}`, ...(quick ? ["--quick"] : [])];
  const [command, ...rest] = pin([
    process.execPath,
    ...(runtime === "deno" ? ["run", "-A", ...childArgs] : childArgs),
  ]);
  const result = spawnSync(command, rest, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const line = result.stdout.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !line.startsWith("[")) {
    console.error(`${name}: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
    return undefined;
  }
  return JSON.parse(line);
}

const only = option("only")?.split(",");
const runs = Number(option("runs") ?? 3);
const names = Object.keys(clients).filter((name) =>
  only === undefined || name === "keel" || name.startsWith("raw loop") ||
  only.some((wanted) => name.startsWith(wanted))
);
const results = new Map<string, (number | null | undefined)[]>();
results.set("redis-benchmark (C)", scenarios.map(redisBenchmark));
for (const name of names) results.set(name, scenarios.map(() => undefined));
for (let run = 0; run < runs; run++) {
  for (const name of names) {
    const rates = runChild(name);
    const best = results.get(name)!;
    rates?.forEach((rate, i) => best[i] = rate === null ? null : Math.max(best[i] ?? 0, rate));
  }
}

// ---------------------------------------------------------------------------------------------
// Print

const format = (rate: number | null | undefined) =>
  rate == null
    ? "–"
    : rate >= 1e6
    ? `${(rate / 1e6).toFixed(2)} M`
    : rate >= 1e4
    ? `${(rate / 1e3).toFixed(1)} k`
    : rate.toFixed(0);
const keel = results.get("keel")!;
const version = runtime === "deno"
  ? (globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno
  : process.versions.bun ?? process.version;
console.log(
  `\n### ${runtime} ${version}, ${new Date().toISOString().slice(0, 10)}${
    hasTaskset() ? ", server on core 0, clients on core 1" : ""
  }${quick ? ", --quick" : ""}\n`,
);
console.log(`| client | ${scenarios.map((s) => s.name).join(" | ")} |`);
console.log(`|---|${scenarios.map(() => "---:").join("|")}|`);
for (const [name, rates] of results) {
  const cells = scenarios.map((_, i) => {
    const rate = rates[i];
    const ratio = name !== "keel" && keel[i] != null && rate != null
      ? ` (keel ${(keel[i]! / rate).toFixed(2)}×)`
      : "";
    return `${format(rate)}${ratio}`;
  });
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}
console.log(
  `\nops/s: each client in its own process, median of 3 rounds, best of ${runs} processes.`,
  "Raw loop: write one GET, await its whole reply, repeat, on the runtime's own socket API (no",
  "parsing): the runtime's limit. Pipelined: keel and ioredis pipeline(), node-redis",
  "multi().execAsPipeline(), Bun Promise.all of 1,000 set() (it pipelines on its own).",
  "redis-benchmark: -c 1, with -P 1000 for the pipelined and concurrent rows.",
);
stopServer();
process.exit(0);
