/**
 * Feeds the decoder 1 GB of pipelined small replies in random chunk sizes and
 * prints the heap and RSS as it goes: they must stay flat.
 *
 * Run: `deno run bench/decoder_memory.ts [gigabytes]` or `bun bench/decoder_memory.ts`.
 */
import process from "node:process";
import { RespDecoder } from "../lib/resp/decoder.ts";

const total = Number(process.argv[2] ?? 1) * 1e9;

// One pipeline of mixed small replies, repeated: bulk strings, integers, simple strings, arrays, nulls, maps.
const parts: string[] = [];
for (let i = 0; i < 200; i++) {
  parts.push(`$${String(i).length + 6}\r\nvalue:${i}\r\n`, `:${i * 7}\r\n`, "+OK\r\n", "$-1\r\n");
  parts.push(`*3\r\n$1\r\na\r\n:${i}\r\n,${i}.5\r\n`, `%1\r\n+k\r\n$2\r\nvv\r\n`);
}
const block = new TextEncoder().encode(parts.join(""));
const repliesPerBlock = 200 * 6;

let replies = 0;
const decoder = new RespDecoder({
  onReply: () => {
    replies++;
  },
  onPush: () => {},
});

// A deterministic random chunking (xorshift), chunks of 1 byte to 64 KiB.
let seed = 0x2545f491;
function random(limit: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % limit;
}

const stream = new Uint8Array(block.length * 64);
for (let i = 0; i < 64; i++) stream.set(block, i * block.length);

const started = performance.now();
let fed = 0;
let nextReport = 0;
const samples: number[] = [];
while (fed < total) {
  let offset = 0;
  while (offset < stream.length) {
    const size = 1 + random(random(16) === 0 ? 65536 : 4096);
    decoder.feed(stream.subarray(offset, Math.min(stream.length, offset + size)));
    offset += size;
  }
  fed += stream.length;
  if (fed >= nextReport) {
    const { heapUsed, rss } = process.memoryUsage();
    samples.push(heapUsed);
    console.log(
      `${(fed / 1e9).toFixed(2)} GB fed, ${replies.toLocaleString()} replies, heap ${
        (heapUsed / 2 ** 20).toFixed(1)
      } MiB, rss ${(rss / 2 ** 20).toFixed(1)} MiB`,
    );
    nextReport += total / 10;
  }
}
const seconds = (performance.now() - started) / 1000;
if (replies !== (fed / block.length) * repliesPerBlock) throw new Error("reply count mismatch");
console.log(
  `done: ${(fed / 1e9).toFixed(2)} GB in ${seconds.toFixed(1)} s (${
    (fed / 1e6 / seconds).toFixed(0)
  } MB/s, ${(replies / seconds / 1e6).toFixed(2)} M replies/s); heap min ${
    (Math.min(...samples) / 2 ** 20).toFixed(1)
  } MiB, max ${(Math.max(...samples) / 2 ** 20).toFixed(1)} MiB`,
);
