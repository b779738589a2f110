/**
 * Encoder and decoder in isolation, so that regressions show:
 * `deno bench bench/codec.bench.ts`.
 */
import { RespDecoder } from "../lib/resp/decoder.ts";
import { RespEncoder } from "../lib/resp/encoder.ts";

const value64 = "x".repeat(64);
const encoder = new RespEncoder();

Deno.bench("encode 1,000 × SET key 64-byte value", { group: "encode" }, () => {
  encoder.reset();
  for (let i = 0; i < 1000; i++) encoder.encode(["SET", "key:" + i, value64]);
});

Deno.bench("encode 1,000 × GET key", { group: "encode", baseline: true }, () => {
  encoder.reset();
  for (let i = 0; i < 1000; i++) encoder.encode(["GET", "key:" + i]);
});

const big = new Uint8Array(1024 * 1024);
Deno.bench("encode SET with a 1 MiB value", { group: "encode" }, () => {
  encoder.reset();
  encoder.encode(["SET", "big", big]);
});

const text = new TextEncoder();
const bulkReplies = text.encode(`$64\r\n${value64}\r\n`.repeat(1000));
const okReplies = text.encode("+OK\r\n".repeat(1000));
const intReplies = text.encode(":12345\r\n".repeat(1000));
const bigReply = text.encode(`$${1024 * 1024}\r\n${"y".repeat(1024 * 1024)}\r\n`);
let count = 0;
const decoder = new RespDecoder({ onReply: () => count++, onPush: () => {} });

Deno.bench("decode 1,000 × 64-byte bulk strings", { group: "decode", baseline: true }, () => {
  decoder.feed(bulkReplies);
});
Deno.bench("decode 1,000 × +OK", { group: "decode" }, () => {
  decoder.feed(okReplies);
});
Deno.bench("decode 1,000 × integers", { group: "decode" }, () => {
  decoder.feed(intReplies);
});
Deno.bench("decode a 1 MiB bulk string in 64 KiB chunks", { group: "decode" }, () => {
  for (let i = 0; i < bigReply.length; i += 65536) decoder.feed(bigReply.subarray(i, i + 65536));
});
