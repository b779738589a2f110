/**
 * Backoff strategies: how long to wait before the n-th retry. The same
 * strategies and formulas as redis-py, with times in milliseconds.
 *
 * @module
 */

/** The default cap of the exponential strategies: 512 ms. */
export const DEFAULT_CAP = 512;
/** The default base of the exponential strategies: 8 ms. */
export const DEFAULT_BASE = 8;

/**
 * A backoff strategy: `compute(failures)` is the delay in milliseconds
 * before the next attempt, after `failures` failures (1 after the first).
 *
 * @example
 * ```ts
 * const backoff: Backoff = new ExponentialBackoff();
 * backoff.compute(3); // 64
 * ```
 */
export interface Backoff {
  /** Milliseconds to wait after `failures` failures. */
  compute(failures: number): number;
  /** Forget any state kept between calls (a success happened). */
  reset(): void;
}

/** `min(cap, base × 2^failures)`, the exponential curve every strategy here starts from. */
function exponential(cap: number, base: number, failures: number): number {
  return Math.min(cap, base * 2 ** failures);
}

/** A uniform draw from `[low, high]`. */
function uniform(low: number, high: number): number {
  return low + Math.random() * (high - low);
}

/**
 * Always the same delay.
 *
 * @example
 * ```ts
 * new ConstantBackoff(100).compute(7); // 100
 * ```
 */
export class ConstantBackoff implements Backoff {
  readonly #delay: number;

  /**
   * Wait the same time before every attempt.
   * @param delay Milliseconds between attempts.
   */
  constructor(delay: number) {
    this.#delay = delay;
  }

  /** The constant delay. */
  compute(_failures: number): number {
    return this.#delay;
  }

  /** Nothing to forget. */
  reset(): void {}
}

/**
 * No delay at all.
 *
 * @example
 * ```ts
 * new NoBackoff().compute(3); // 0
 * ```
 */
export class NoBackoff extends ConstantBackoff {
  /** A constant backoff of 0 ms. */
  constructor() {
    super(0);
  }
}

/**
 * `min(cap, base × 2^failures)`.
 *
 * @example
 * ```ts
 * new ExponentialBackoff({ cap: 1000, base: 10 }).compute(4); // 160
 * ```
 */
export class ExponentialBackoff implements Backoff {
  /** Upper bound in milliseconds. */
  readonly cap: number;
  /** Delay unit in milliseconds. */
  readonly base: number;

  /**
   * An exponential curve with its cap and base.
   * @param options `cap` and `base` in milliseconds (defaults 512 and 8).
   */
  constructor(options: { cap?: number; base?: number } = {}) {
    this.cap = options.cap ?? DEFAULT_CAP;
    this.base = options.base ?? DEFAULT_BASE;
  }

  /** The exponential delay, capped. */
  compute(failures: number): number {
    return exponential(this.cap, this.base, failures);
  }

  /** Nothing to forget. */
  reset(): void {}
}

/**
 * A uniform draw from `[0, min(cap, base × 2^failures)]` ("full jitter").
 *
 * @example
 * ```ts
 * new FullJitterBackoff().compute(3); // somewhere in [0, 64]
 * ```
 */
export class FullJitterBackoff extends ExponentialBackoff {
  /** A random delay up to the exponential one. */
  override compute(failures: number): number {
    return uniform(0, exponential(this.cap, this.base, failures));
  }
}

/**
 * Half the exponential delay plus a uniform draw from the other half
 * ("equal jitter"): in `[d/2, d]` for `d = min(cap, base × 2^failures)`.
 *
 * @example
 * ```ts
 * new EqualJitterBackoff().compute(3); // somewhere in [32, 64]
 * ```
 */
export class EqualJitterBackoff extends ExponentialBackoff {
  /** A random delay in the upper half of the exponential one. */
  override compute(failures: number): number {
    const half = exponential(this.cap, this.base, failures) / 2;
    return half + uniform(0, half);
  }
}

/**
 * `min(cap, uniform(base, max(base, 3 × previous)))`, starting from
 * `previous = 0` ("decorrelated jitter", redis-py's formula): each delay
 * depends on the last one and is never below `base`.
 *
 * @example
 * ```ts
 * const backoff = new DecorrelatedJitterBackoff();
 * backoff.compute(1); // 8: the first draw is from [8, 8]
 * backoff.compute(2); // somewhere in [8, 24]
 * ```
 */
export class DecorrelatedJitterBackoff extends ExponentialBackoff {
  #previous = 0;

  /** A random delay between `base` and three times the previous one (at least `base`), capped. */
  override compute(_failures: number): number {
    const high = Math.max(this.base, this.#previous * 3);
    this.#previous = Math.min(this.cap, uniform(this.base, high));
    return this.#previous;
  }

  /** Start again from no previous delay. */
  override reset(): void {
    this.#previous = 0;
  }
}

/**
 * `min(cap, random × base × 2^failures)`: exponential with jitter.
 *
 * @example
 * ```ts
 * new ExponentialWithJitterBackoff().compute(3); // somewhere in [0, 64]
 * ```
 */
export class ExponentialWithJitterBackoff extends ExponentialBackoff {
  /** The exponential delay scaled by a random factor, capped. */
  override compute(failures: number): number {
    return Math.min(this.cap, Math.random() * this.base * 2 ** failures);
  }
}
