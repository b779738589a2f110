import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ConnectionError,
  ConstantBackoff,
  DecorrelatedJitterBackoff,
  EqualJitterBackoff,
  ExponentialBackoff,
  ExponentialWithJitterBackoff,
  FullJitterBackoff,
  NoBackoff,
  Retry,
  WrongTypeError,
} from "../mod.ts";

const DRAWS = 10_000;

describe("backoff strategies", () => {
  it("NoBackoff and ConstantBackoff are constant", () => {
    for (let failures = 0; failures < 20; failures++) {
      assert.equal(new NoBackoff().compute(failures), 0);
      assert.equal(new ConstantBackoff(75).compute(failures), 75);
    }
  });

  it("ExponentialBackoff is min(cap, base × 2^failures)", () => {
    const backoff = new ExponentialBackoff({ cap: 1000, base: 10 });
    assert.deepEqual([0, 1, 2, 3, 6, 7, 30].map((n) => backoff.compute(n)), [
      10,
      20,
      40,
      80,
      640,
      1000,
      1000,
    ]);
    assert.equal(new ExponentialBackoff().compute(3), 64);
  });

  const bounds: [string, () => { compute(n: number): number }, (n: number) => [number, number]][] =
    [
      [
        "FullJitterBackoff",
        () => new FullJitterBackoff({ cap: 500, base: 10 }),
        (n) => [0, Math.min(500, 10 * 2 ** n)],
      ],
      [
        "EqualJitterBackoff",
        () => new EqualJitterBackoff({ cap: 500, base: 10 }),
        (n) => [Math.min(500, 10 * 2 ** n) / 2, Math.min(500, 10 * 2 ** n)],
      ],
      [
        "ExponentialWithJitterBackoff",
        () => new ExponentialWithJitterBackoff({ cap: 500, base: 10 }),
        (n) => [0, Math.min(500, 10 * 2 ** n)],
      ],
    ];
  for (const [name, make, range] of bounds) {
    it(`${name} stays within its bounds over ${DRAWS} draws and spreads over them`, () => {
      const backoff = make();
      for (const failures of [0, 1, 3, 5, 10]) {
        const [low, high] = range(failures);
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < DRAWS; i++) {
          const delay = backoff.compute(failures);
          assert.ok(
            delay >= low && delay <= high,
            `${name}(${failures}) = ${delay} not in [${low}, ${high}]`,
          );
          min = Math.min(min, delay);
          max = Math.max(max, delay);
        }
        const width = high - low;
        assert.ok(
          min - low < width * 0.05 && high - max < width * 0.05,
          `${name}(${failures}) covers its range`,
        );
      }
    });
  }

  it("DecorrelatedJitterBackoff draws from [base, max(base, 3 × previous)], capped; reset() starts over", () => {
    // redis-py's formula: min(cap, uniform(base, max(base, 3 × previous))), previous starting at 0:
    // never below base, so the first delay (and the first after reset) is exactly base.
    const backoff = new DecorrelatedJitterBackoff({ cap: 500, base: 10 });
    assert.equal(backoff.compute(1), 10, "the first draw is base");
    let previous = 10;
    let reachedCap = false;
    for (let i = 0; i < DRAWS; i++) {
      const delay = backoff.compute(i + 2);
      const high = Math.min(500, Math.max(10, previous * 3));
      assert.ok(delay >= 10 && delay <= high, `${delay} after ${previous}: not in [10, ${high}]`);
      reachedCap ||= delay === 500;
      previous = delay;
    }
    assert.ok(reachedCap, "it grows to the cap");
    backoff.reset();
    assert.equal(backoff.compute(1), 10, "after reset the first draw is base again");
    // Whatever the random draws, no delay is ever below base.
    const fresh = new DecorrelatedJitterBackoff({ cap: 1000, base: 50 });
    for (let round = 0; round < 100; round++) {
      fresh.reset();
      for (let i = 1; i <= 20; i++) {
        const delay = fresh.compute(i);
        assert.ok(delay >= 50 && delay <= 1000, `round ${round}, draw ${i}: ${delay}`);
      }
    }
  });
});

describe("Retry", () => {
  it("retries the listed errors up to `retries` times with the backoff's delays", async () => {
    let attempts = 0;
    const failures: number[] = [];
    const retry = new Retry(new ConstantBackoff(1), 3);
    await assert.rejects(
      retry.call(() => {
        attempts++;
        return Promise.reject(new ConnectionError("down"));
      }, (_, failure) => {
        failures.push(failure);
      }),
      ConnectionError,
    );
    assert.equal(attempts, 4);
    assert.deepEqual(failures, [1, 2, 3]);
  });

  it("returns the first success and never retries other errors", async () => {
    let attempts = 0;
    const value = await new Retry(new NoBackoff(), 5).call(() =>
      ++attempts < 3 ? Promise.reject(new ConnectionError("x")) : Promise.resolve("ok")
    );
    assert.equal(value, "ok");
    assert.equal(attempts, 3);
    attempts = 0;
    await assert.rejects(
      new Retry(new NoBackoff(), 5).call(() => {
        attempts++;
        return Promise.reject(new WrongTypeError("WRONGTYPE x"));
      }),
      WrongTypeError,
    );
    assert.equal(attempts, 1);
  });
});
