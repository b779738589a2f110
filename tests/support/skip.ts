/**
 * Skipping a test from inside it, with the reason printed. Deno's
 * `node:test` reports such a test as passed; with `KEEL_SKIP_LOG` set, its
 * full name is also appended to that file, so that the results count it
 * as skipped (scripts/count_results.mjs).
 *
 * @module
 */
import { appendFileSync } from "node:fs";
import process from "node:process";

/** The part of a test context this needs. */
export interface SkippableTest {
  /** Mark the test skipped. */
  skip(message?: string): void;
  /** `describe > it`, as the JUnit reports name it. */
  readonly fullName?: string;
}

/**
 * Print `reason`, skip the test, and log its name for the counts.
 *
 * @example
 * ```ts
 * if (tooOld) return skipTest(t, "skipped: needs Redis 7.4");
 * ```
 */
export function skipTest(t: SkippableTest, reason: string): void {
  console.log(reason);
  t.skip(reason);
  const log = process.env.KEEL_SKIP_LOG;
  if (log && t.fullName !== undefined) appendFileSync(log, `${t.fullName}\n`);
}
