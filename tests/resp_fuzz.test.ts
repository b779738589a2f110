/**
 * A seeded fuzzer for the RESP decoder (see `tests/support/resp_fuzz.ts`).
 *
 * - valid RESP2 and RESP3 frames, chunked at random and decoded with both
 *   bytes settings, give exactly the generated values, and the reference
 *   decoder agrees;
 * - mutated and random input either decodes to what the reference decoder
 *   makes of it or throws only ProtocolError;
 * - no feed takes over 100 ms, and a hostile length costs memory in
 *   proportion to the bytes received.
 *
 * The seed is fixed; `KEEL_FUZZ_SEED=<n>` picks another, `KEEL_FUZZ_COUNT=<n>`
 * the number of inputs in all (default 30000), and `KEEL_FUZZ_CASE=<i>` runs
 * only case `i` of each kind (what a failure message says to replay).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { envInteger, FUZZ_MIX, type FuzzShare, runFuzzCase } from "./support/resp_fuzz.ts";

const DEFAULT_SEED = 0x6b65656c;
const DEFAULT_COUNT = 30_000;
/** Cases per `it`, so that each stays well within a runner's time limit. */
const BATCH = 2_500;

const seed = envInteger("KEEL_FUZZ_SEED") ?? DEFAULT_SEED;
const count = envInteger("KEEL_FUZZ_COUNT") ?? DEFAULT_COUNT;
const only = envInteger("KEEL_FUZZ_CASE");

/** What the cases of each kind must do, as the tests are named. */
const TITLES: Record<FuzzShare["name"], string> = {
  valid: "valid frames decode to their expected values",
  mutated: "mutated frames decode as the reference decoder does, or throw ProtocolError",
  random: "random bytes decode as the reference decoder does, or throw ProtocolError",
  hostile: "hostile lengths stay within the memory bound",
};

describe(`RESP decoder fuzz (KEEL_FUZZ_SEED=${seed})`, () => {
  for (const { name, kind, share } of FUZZ_MIX) {
    const cases = only !== undefined ? only + 1 : Math.max(1, Math.round(count * share));
    const first = only ?? 0;
    for (let start = first; start < cases; start += BATCH) {
      const end = Math.min(cases, start + BATCH);
      it(`${TITLES[name]} (cases ${start}–${end - 1})`, { timeout: 120_000 }, () => {
        const failures: string[] = [];
        for (let index = start; index < end; index++) {
          const result = runFuzzCase(seed, kind, index);
          if (result.failure !== null) {
            failures.push(
              `replay with KEEL_FUZZ_SEED=${seed} KEEL_FUZZ_CASE=${index}: ${result.failure}`,
            );
            if (failures.length >= 5) break;
          }
        }
        assert.equal(failures.length, 0, `\n${failures.join("\n")}`);
      });
    }
  }
});
