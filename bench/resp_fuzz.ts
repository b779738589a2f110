/**
 * Runs the RESP decoder fuzzer of `tests/resp_fuzz.test.ts` at length: N
 * inputs (default 10^6) of valid, mutated, random and hostile RESP, each
 * checked as the test checks it. Prints inputs/s and MB/s, and every failure
 * with the `KEEL_FUZZ_SEED` and `KEEL_FUZZ_CASE` that replay it in the test.
 *
 * Run: `deno run -A bench/resp_fuzz.ts [inputs] [seed]` or
 * `bun bench/resp_fuzz.ts [inputs] [seed]`.
 *
 * @module
 */
import process from "node:process";
import { FUZZ_MIX, runFuzzCase } from "../tests/support/resp_fuzz.ts";

const inputs = Number(process.argv[2] ?? 1e6);
const seed = Number(process.argv[3] ?? process.env.KEEL_FUZZ_SEED ?? 0x6b65656c);
if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(seed)) {
  console.error("usage: bench/resp_fuzz.ts [inputs] [seed]");
  process.exit(2);
}

interface Tally {
  cases: number;
  bytes: number;
  decodeTime: number;
  outcomes: Record<string, number>;
  failures: number;
}

const failures: string[] = [];
const tallies = new Map<string, Tally>();
const started = performance.now();
let done = 0;
let nextReport = inputs / 10;
console.log(`RESP fuzz: ${inputs.toLocaleString()} inputs, KEEL_FUZZ_SEED=${seed}`);
for (const { kind, name, share } of FUZZ_MIX) {
  const cases = Math.max(1, Math.round(inputs * share));
  const tally: Tally = { cases, bytes: 0, decodeTime: 0, outcomes: {}, failures: 0 };
  tallies.set(name, tally);
  for (let index = 0; index < cases; index++) {
    const result = runFuzzCase(seed, kind, index);
    tally.bytes += result.bytes;
    tally.decodeTime += result.decodeTime;
    tally.outcomes[result.outcome] = (tally.outcomes[result.outcome] ?? 0) + 1;
    if (result.failure !== null) {
      tally.failures++;
      failures.push(`${name}: KEEL_FUZZ_SEED=${seed} KEEL_FUZZ_CASE=${index}: ${result.failure}`);
      if (failures.length <= 20) console.log(`FAIL ${failures.at(-1)!.slice(0, 2000)}`);
    }
    if (++done >= nextReport) {
      const seconds = (performance.now() - started) / 1000;
      console.log(`  ${done.toLocaleString()} inputs, ${seconds.toFixed(1)} s`);
      nextReport += inputs / 10;
    }
  }
}
const seconds = (performance.now() - started) / 1000;
let bytes = 0;
let decodeTime = 0;
for (const [name, tally] of tallies) {
  bytes += tally.bytes;
  decodeTime += tally.decodeTime;
  const outcomes = Object.entries(tally.outcomes).map(([key, n]) => `${key} ${n}`).join(", ");
  console.log(
    `${name.padEnd(8)} ${tally.cases.toLocaleString().padStart(9)} inputs, ${
      (tally.bytes / 1e6).toFixed(1)
    } MB, decoder ${
      (tally.bytes / 1e3 / tally.decodeTime).toFixed(1)
    } MB/s; reference: ${outcomes}; ${tally.failures} failed`,
  );
}
console.log(
  `done: ${inputs.toLocaleString()} inputs in ${seconds.toFixed(1)} s: ${
    Math.round(inputs / seconds).toLocaleString()
  } inputs/s, ${
    (bytes / 1e6 / seconds).toFixed(1)
  } MB/s end to end (generation and checks included), ${
    (bytes / 1e3 / decodeTime).toFixed(1)
  } MB/s inside feed; ${failures.length} failures`,
);
if (failures.length > 0) process.exit(1);
