/**
 * The runtime's own limit for one command waiting for the last: a raw
 * socket loop (write a GET, wait for its whole reply, repeat) on the
 * runtime's own TCP API (Deno.connect, Bun.connect) and on `node:net`,
 * beside keel's sequential GET, rounds interleaved in one process so that
 * all see the same machine:
 *
 *   deno run -A bench/floor.ts     bun bench/floor.ts
 *
 * The server is pinned to core 0 (bench_server.ts); pin this process to
 * core 1 (`taskset -c 1 …`). The table shows the median ops/s of 7 rounds
 * and keel's rate as a fraction of each loop's.
 */
import { connect as connectNode } from "node:net";
import { Redis } from "../mod.ts";
import { startBenchServer } from "./bench_server.ts";

const { port, stop } = await startBenchServer();
const VALUE = "v".repeat(64);
const REQUEST = new TextEncoder().encode("*2\r\n$3\r\nGET\r\n$5\r\nfloor\r\n");
/** `$64\r\n` + 64 bytes + `\r\n`. */
const REPLY_LENGTH = 5 + 64 + 2;

/** A loop that sends one GET and resolves when its whole reply is in. */
type RoundTrip = () => Promise<void>;

/**
 * A round trip over a socket whose data arrives by callback: `write` sends
 * the request, `onData` hears each chunk's length, and the trip resolves
 * once the whole reply is in.
 */
function callbackTrips(write: (bytes: Uint8Array) => void): {
  trip: RoundTrip;
  onData: (length: number) => void;
} {
  let received = 0;
  let done: (() => void) | undefined;
  return {
    trip() {
      const reply = new Promise<void>((resolve) => done = resolve);
      write(REQUEST);
      return reply;
    },
    onData(length) {
      received += length;
      if (received >= REPLY_LENGTH) {
        received -= REPLY_LENGTH;
        done?.();
      }
    },
  };
}

async function nodeLoop(): Promise<{ trip: RoundTrip; close: () => void }> {
  const socket = connectNode({ host: "127.0.0.1", port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const { trip, onData } = callbackTrips((bytes) => socket.write(bytes));
  socket.on("data", (chunk: Uint8Array) => onData(chunk.length));
  return { trip, close: () => socket.destroy() };
}

async function denoLoop(): Promise<{ trip: RoundTrip; close: () => void }> {
  // deno-lint-ignore no-explicit-any
  const deno = (globalThis as any).Deno;
  const conn = await deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const buffer = new Uint8Array(64 * 1024);
  return {
    async trip() {
      await conn.write(REQUEST);
      let received = 0;
      while (received < REPLY_LENGTH) received += (await conn.read(buffer)) ?? REPLY_LENGTH;
    },
    close: () => conn.close(),
  };
}

async function bunLoop(): Promise<{ trip: RoundTrip; close: () => void }> {
  // deno-lint-ignore no-explicit-any
  const bun = (globalThis as any).Bun;
  let write = (_: Uint8Array): void => {};
  const { trip, onData } = callbackTrips((bytes) => write(bytes));
  const socket = await bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: { data: (_: unknown, chunk: Uint8Array) => onData(chunk.length) },
  });
  socket.setNoDelay?.(true);
  write = (bytes) => socket.write(bytes);
  return { trip, close: () => socket.end() };
}

const runtime = "Deno" in globalThis ? "Deno" : "Bun" in globalThis ? "Bun" : "Node";
const redis = await Redis.connect({ port });
await redis.set("floor", VALUE);
const contenders: { name: string; trip: RoundTrip; close: () => unknown }[] = [];
if (runtime === "Deno") contenders.push({ name: "raw loop, Deno.connect", ...await denoLoop() });
if (runtime === "Bun") contenders.push({ name: "raw loop, Bun.connect", ...await bunLoop() });
contenders.push({ name: "raw loop, node:net", ...await nodeLoop() });
contenders.push({
  name: "keel, sequential GET",
  trip: async () => void await redis.get("floor"),
  close: () => redis.close(),
});

const COUNT = 5_000;
const rates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
for (const contender of contenders) for (let i = 0; i < 500; i++) await contender.trip();
for (let round = 0; round < 7; round++) {
  const order = round % 2 === 0 ? contenders : [...contenders].reverse();
  for (const contender of order) {
    const started = performance.now();
    for (let i = 0; i < COUNT; i++) await contender.trip();
    rates.get(contender.name)!.push(COUNT / ((performance.now() - started) / 1000));
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const keel = median(rates.get("keel, sequential GET")!);
console.log(`the runtime's limit on ${runtime}: sequential GET of 64 bytes, ops/s (median of 7)\n`);
console.log("| loop | ops/s | keel / this |");
console.log("| --- | ---: | ---: |");
for (const [name, values] of rates) {
  const rate = median(values);
  console.log(
    `| ${name} | ${Math.round(rate).toLocaleString("en")} | ${(keel / rate).toFixed(2)} |`,
  );
}
for (const contender of contenders) await contender.close();
stop();
