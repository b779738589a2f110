/**
 * The cost of checking a command's options (types, exclusive options,
 * unknown keys) on the hot path, without a server: each case queues 1,000
 * commands on a pipeline, which only validates, builds the arguments and
 * queues them (nothing is sent; the client never connects).
 * `deno bench -A bench/options_check.bench.ts`.
 */
import { Redis } from "../mod.ts";
import { assertKnownKeys } from "../lib/errors/unknown_option.ts";

// Never connects: a pipeline only queues until exec().
const redis = new Redis({ port: 1 });
const N = 1000;

Deno.bench("set(k, v) ×1000, no options", { group: "set", baseline: true }, () => {
  const pipeline = redis.pipeline();
  for (let i = 0; i < N; i++) pipeline.set("bench:key", "value");
});

Deno.bench("set(k, v, { ex: 60 }) ×1000", { group: "set" }, () => {
  const pipeline = redis.pipeline();
  for (let i = 0; i < N; i++) pipeline.set("bench:key", "value", { ex: 60 });
});

Deno.bench("set(k, v, { ex: 60, nx: true, get: true }) ×1000", { group: "set" }, () => {
  const pipeline = redis.pipeline();
  for (let i = 0; i < N; i++) pipeline.set("bench:key", "value", { ex: 60, nx: true, get: true });
});

Deno.bench("zrange(k, 0, -1, { withscores: true }) ×1000", { group: "other" }, () => {
  const pipeline = redis.pipeline();
  for (let i = 0; i < N; i++) pipeline.zrange("bench:z", 0, -1, { withscores: true });
});

Deno.bench("xadd(k, '*', fields, { maxlen }) ×1000", { group: "other" }, () => {
  const pipeline = redis.pipeline();
  for (let i = 0; i < N; i++) {
    pipeline.xadd("bench:x", "*", { f: "v" }, { trim: { maxlen: 1000, approx: true } });
  }
});

// The unknown-key check alone (what the change added to each call above).
const SET_KEYS = ["ex", "px", "exat", "pxat", "keepttl", "nx", "xx", "get"];
const options = { ex: 60 };
Deno.bench("assertKnownKeys({ ex: 60 }) ×1000", { group: "check alone" }, () => {
  for (let i = 0; i < N; i++) assertKnownKeys(options, SET_KEYS, "set");
});
Deno.bench(
  "assertKnownKeys({ ex: 60, nx: true, get: true }) ×1000",
  { group: "check alone" },
  () => {
    const three = { ex: 60, nx: true, get: true };
    for (let i = 0; i < N; i++) assertKnownKeys(three, SET_KEYS, "set");
  },
);
