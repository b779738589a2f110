/**
 * How keel's cost grows as the work grows, on the runtime that runs this
 * file, against one private redis-server:
 *
 *   deno run -A --v8-flags=--expose-gc bench/scaling.ts [--quick]
 *   bun bench/scaling.ts [--quick]
 *
 * The server is pinned to core 0 and this process to core 1 when `taskset`
 * exists (the pinned re-run passes Deno `--v8-flags=--expose-gc` itself;
 * without it the memory tables are read without a GC first). Five tables:
 * GETs in flight together, pipeline length, value size (string and bytes
 * views), heap per pending command (replies held by CLIENT PAUSE), and memory
 * for one large reply. Each row runs a warm-up, then three rounds, and shows
 * the median, the cost per unit, and its growth from the row before; under
 * each table, the steps where that cost grew more than 1.5× (faster than
 * linear), or "none".
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { Redis } from "../mod.ts";
import { hasTaskset, startBenchServer } from "./bench_server.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const runtime = "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : "node";

/** Re-run this process pinned to core 1, once. */
if (hasTaskset() && process.env.KEEL_BENCH_PINNED !== "1") {
  // Deno's argv is [deno, script, ...args], without `run -A` or V8 flags; Bun's is
  // [bun, script, ...args].
  const script = process.argv[1];
  const deno = ["run", "-A", "--v8-flags=--expose-gc", script, ...args];
  const command = [
    process.execPath,
    ...process.execArgv,
    ...(runtime === "deno" ? deno : [script, ...args]),
  ];
  const child = spawnSync("taskset", ["-c", "1", ...command], {
    stdio: "inherit",
    env: { ...process.env, KEEL_BENCH_PINNED: "1" },
  });
  process.exit(child.status ?? 1);
}

const gc = (globalThis as { gc?: () => void }).gc ??
  (globalThis as unknown as { Bun?: { gc(force: boolean): void } }).Bun?.gc.bind(null, true);
// Twice: V8 frees an ArrayBuffer's memory after the collection that found it dead returns.
const collect = () => [gc?.(), gc?.()];

const { port, stop: stopServer } = await startBenchServer();
const url = `redis://127.0.0.1:${port}`;
const redis = await Redis.connect(url);

/** Seconds each round should take, roughly. */
const target = quick ? 0.1 : 0.3;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Calls of `run` per second: a warm-up that also sizes the rounds, then the median of 3 rounds. */
async function callsPerSecond(run: () => Promise<unknown>): Promise<number> {
  let calls = 0;
  const started = performance.now();
  for (; calls === 0 || performance.now() - started < target * 500; calls++) await run();
  const perRound = Math.max(1, Math.round(calls / (performance.now() - started) * target * 1000));
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const roundStarted = performance.now();
    for (let i = 0; i < perRound; i++) await run();
    rates.push(perRound / ((performance.now() - roundStarted) / 1000));
  }
  return median(rates);
}

const count = (n: number) => n.toLocaleString("en-US");
const fixed = (n: number) => n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2);
const rate = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const size = (bytes: number) =>
  bytes >= 2 ** 20
    ? `${bytes / 2 ** 20} MiB`
    : bytes >= 1024
    ? `${bytes / 1024} KiB`
    : `${bytes} B`;

interface Row {
  /** The first names the row. */
  cells: string[];
  /** The cost per unit, one per series (e.g. string and bytes). */
  costs: number[];
}

/** Print the rows, each with its costs per unit and their growth; then the steep steps. */
function table(title: string, header: string, rows: Row[], series: string[] = []): void {
  const columns = [...header.split(" | "), "growth"];
  console.log(`\n#### ${title}\n\n| ${columns.join(" | ")} |`);
  console.log(`|${columns.map(() => "---:").join("|")}|`);
  const steep: string[] = [];
  rows.forEach((row, i) => {
    const before = rows[i - 1]?.costs;
    const growth = row.costs.map((cost, s) => before?.[s] > 0 ? cost / before[s] : NaN);
    growth.forEach((factor, s) => {
      const name = `${rows[i - 1]?.cells[0]} → ${row.cells[0]}${
        series[s] ? ` (${series[s]})` : ""
      }`;
      if (factor > 1.5) steep.push(`${name} ×${factor.toFixed(2)}`);
    });
    const factors = growth.map((factor) => isNaN(factor) ? "–" : `×${factor.toFixed(2)}`);
    const cells = [...row.cells, row.costs.map(fixed).join(" / "), factors.join(" / ")];
    console.log(`| ${cells.join(" | ")} |`);
  });
  const steps = steep.join("; ") || "none";
  console.log(`\nFaster than linear (cost per unit up more than 1.5× in one step): ${steps}.`);
}

const version = runtime === "deno"
  ? (globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno
  : process.versions.bun ?? process.version;
console.log(
  `\n### ${runtime} ${version}, redis-server on 127.0.0.1:${port}${
    hasTaskset() ? " (server on core 0, client on core 1)" : ""
  }${quick ? ", --quick" : ""}${gc ? "" : " (no GC exposed: memory read without one)"}`,
);

// ---------------------------------------------------------------------------------------------
// 1. In-flight commands: N GETs issued together, then awaited

await redis.set("scaling:64", "v".repeat(64));
await callsPerSecond(() => redis.get("scaling:64")); // the JIT's warm-up, before any row
const inFlight: Row[] = [];
for (const n of [1, 10, 100, 1_000, 10_000]) {
  const batches = await callsPerSecond(() => {
    const replies = new Array(n);
    for (let i = 0; i < n; i++) replies[i] = redis.get("scaling:64");
    return Promise.all(replies);
  });
  inFlight.push({ cells: [count(n), rate(batches * n)], costs: [1e6 / batches / n] });
}
table(
  "In-flight commands: N GETs of 64 B issued together, then awaited",
  "N | ops/s | µs per command",
  inFlight,
);

// ---------------------------------------------------------------------------------------------
// 2. Pipeline length: N SETs in one pipeline().exec()

const pipelines: Row[] = [];
for (const n of [1, 10, 100, 1_000, 10_000, 100_000]) {
  const keys = Array.from({ length: n }, (_, i) => `scaling:p:${i}`);
  const value = "v".repeat(64);
  const execs = await callsPerSecond(() => {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.set(key, value);
    return pipeline.exec();
  });
  pipelines.push({ cells: [count(n), rate(execs * n)], costs: [1e6 / execs / n] });
}
table(
  "Pipeline length: N SETs of 64 B, then exec()",
  "N | commands/s | µs per command",
  pipelines,
);

// ---------------------------------------------------------------------------------------------
// 3. Value size: sequential GET, as string and as bytes

const bySize: Row[] = [];
for (const bytes of [16, 256, 4 * 1024, 64 * 1024, 2 ** 20, 16 * 2 ** 20]) {
  const key = `scaling:size:${bytes}`;
  await redis.set(key, "s".repeat(bytes));
  const text = await callsPerSecond(() => redis.get(key));
  const raw = await callsPerSecond(() => redis.bytes.get(key));
  const mbPerSecond = (gets: number) => (gets * bytes / 1e6).toFixed(1);
  bySize.push({
    cells: [size(bytes), rate(text), mbPerSecond(text), rate(raw), mbPerSecond(raw)],
    costs: [text, raw].map((gets) => 1e6 / gets / (bytes / 1024)),
  });
  await redis.del(key);
}
table(
  "Value size: sequential GET",
  "size | GET/s (string) | MB/s (string) | GET/s (bytes) | MB/s (bytes) | " +
    "µs per KiB (string / bytes)",
  bySize,
  ["string", "bytes"],
);

// ---------------------------------------------------------------------------------------------
// 4. Memory per pending command: the server paused, N GETs issued and written, none answered

/**
 * Heap per pending GET, N at a time: one CLIENT PAUSE of 3 s holds every reply while a warm-up
 * batch and three measured batches go out, each read against the heap just before it. A reading
 * taken after the first reply came back (the pause over) is dropped.
 */
async function heapPerPending(n: number): Promise<number> {
  const admin = await Redis.connect(url);
  const client = await Redis.connect(url);
  await client.get("scaling:64");
  await admin.clientPause(3000, "all");
  let answered = false;
  const pending: Promise<unknown>[] = [];
  const readings: number[] = [];
  for (let round = 0; round < 4 && !answered; round++) {
    collect();
    const before = process.memoryUsage().heapUsed;
    const batch = new Array(n);
    for (let i = 0; i < n; i++) batch[i] = client.get("scaling:64");
    if (round === 0) batch[0].then(() => answered = true);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the client write them
    collect();
    const perCommand = (process.memoryUsage().heapUsed - before) / n;
    if (round > 0 && !answered) readings.push(perCommand);
    pending.push(Promise.all(batch));
  }
  // Under ALL, Redis holds CLIENT UNPAUSE too: this waits out the 3 s.
  await admin.clientUnpause();
  await Promise.all(pending);
  await Promise.all([admin.close(), client.close()]);
  return readings.length > 0 ? median(readings) : NaN;
}

const perPending: Row[] = [];
for (const n of [10_000, 100_000]) {
  const bytes = await heapPerPending(n);
  perPending.push({ cells: [count(n), mib(bytes * n)], costs: [bytes] });
}
table(
  "Memory per pending command: N GETs held by CLIENT PAUSE ALL",
  "N | heap held | bytes per command",
  perPending,
);

// ---------------------------------------------------------------------------------------------
// 5. Memory for one large reply: peak RSS and heap over the baseline during one GET

/** Peak growth of RSS and of heap + external (ArrayBuffers) during `get()`, sampled every 2 ms. */
async function peakGrowth(get: () => Promise<unknown>): Promise<{ rss: number; heap: number }> {
  collect();
  const base = process.memoryUsage();
  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss - base.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed + now.external - base.heapUsed - base.external);
  };
  const timer = setInterval(sample, 2);
  await get();
  clearInterval(timer);
  sample(); // the reply, not yet collected
  return peak;
}

const byReply: Row[] = [];
for (const bytes of quick ? [2 ** 20, 16 * 2 ** 20] : [16 * 2 ** 20, 100 * 2 ** 20]) {
  await redis.set("scaling:large", "L".repeat(bytes));
  const peaks: { rss: number; heap: number }[] = [];
  for (const get of [() => redis.get("scaling:large"), () => redis.bytes.get("scaling:large")]) {
    // RSS: the largest growth, the warm-up's included (later GETs reuse the pages it kept).
    const first = await peakGrowth(get);
    const rounds = [await peakGrowth(get), await peakGrowth(get), await peakGrowth(get)];
    const rss = Math.max(first.rss, ...rounds.map((round) => round.rss));
    peaks.push({ rss, heap: median(rounds.map((round) => round.heap)) });
  }
  const rssRatios = peaks.map((peak) => fixed(peak.rss / bytes)).join(" / ");
  const cells = [size(bytes), ...peaks.map((peak) => mib(peak.rss)), rssRatios];
  byReply.push({
    cells: [...cells, ...peaks.map((peak) => mib(peak.heap))],
    costs: peaks.map((peak) => peak.heap / bytes),
  });
}
await redis.del("scaling:large");
table(
  "Memory for one large reply: peak growth over the baseline during one GET",
  "value | RSS (string) | RSS (bytes) | RSS / value (string / bytes) | heap + external (string) | " +
    "heap + external (bytes) | heap + external / value (string / bytes)",
  byReply,
  ["string", "bytes"],
);

console.log(
  "\nMedian of 3 rounds after a warm-up. Memory: process.memoryUsage() after a GC where one is",
  "exposed; per pending command, it includes the caller's array slot. RSS (the whole process's) is",
  "the largest of the 4 GETs: it counts only pages the process had to add, not those an earlier GET",
  "left with the allocator.",
);
await redis.close();
stopServer();
process.exit(0);
