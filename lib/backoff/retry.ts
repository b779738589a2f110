/**
 * Retry: run an operation again after the errors it is allowed to retry,
 * waiting as a backoff strategy says, a bounded number of times.
 *
 * @module
 */
import { ConnectionError, TimeoutError } from "../errors/errors.ts";
import type { Backoff } from "./backoff.ts";

/** A class of errors (an error constructor). */
// deno-lint-ignore no-explicit-any
export type ErrorClass = abstract new (...args: any[]) => Error;

/**
 * Runs operations with retries: after a failure whose error is one of
 * `retryOn` (default: `ConnectionError`, `TimeoutError`), waits
 * `backoff.compute(failures)` ms and tries again, at most `retries` times
 * (`-1`: without end). Other errors, and the last one, are thrown. As a
 * client's `retry` option it applies to single commands that are read-only
 * by their flags, and to every other command too with `retryWrites` (which
 * may run a write twice); never to pipelines or MULTI/EXEC.
 *
 * @example
 * ```ts
 * const retry = new Retry(new ExponentialBackoff(), 3);
 * await retry.call(() => redis.get("k"));
 * ```
 */
export class Retry {
  /** The backoff strategy. */
  readonly backoff: Backoff;
  /** How many retries after the first attempt; `-1` for no limit. */
  readonly retries: number;
  /** The error classes that are retried. */
  readonly retryOn: readonly ErrorClass[];
  /** Whether a client also retries commands that are not read-only. */
  readonly retryWrites: boolean;

  /**
   * Retry with `backoff`, up to `retries` times.
   * @param backoff How long to wait before each retry.
   * @param retries How many retries; `-1` for no limit.
   * @param options `retryOn`: the error classes to retry; `retryWrites`:
   * let a client retry commands that are not read-only (default `false`).
   */
  constructor(
    backoff: Backoff,
    retries: number,
    options: { retryOn?: readonly ErrorClass[]; retryWrites?: boolean } = {},
  ) {
    this.backoff = backoff;
    this.retries = retries;
    this.retryOn = options.retryOn ?? [ConnectionError, TimeoutError];
    this.retryWrites = options.retryWrites ?? false;
  }

  /** Whether another attempt follows failure number `failures` (from 1) with `error`. */
  allows(error: unknown, failures: number): boolean {
    return this.isRetried(error) && (this.retries < 0 || failures <= this.retries);
  }

  /** Whether `error` is one this Retry retries. */
  isRetried(error: unknown): boolean {
    return this.retryOn.some((errorClass) => error instanceof errorClass);
  }

  /**
   * Run `operation`, retrying as configured; `onFailure` sees every error
   * that will be retried (for logging or reconnecting).
   *
   * @example
   * ```ts
   * await new Retry(new ConstantBackoff(10), 2).call(() => flakyCall());
   * ```
   */
  async call<T>(
    operation: () => Promise<T>,
    onFailure?: (error: unknown, failures: number) => void | Promise<void>,
  ): Promise<T> {
    this.backoff.reset();
    try {
      return await operation();
    } catch (error) {
      return await this.retryAfter(error, operation, { onFailure });
    }
  }

  /**
   * Go on after `operation` failed once with `error`: retry it as
   * configured, until it succeeds, fails with an error that is not retried,
   * runs out of retries, or `stop()` says so; then the last error is thrown.
   *
   * @example
   * ```ts
   * await retry.retryAfter(error, () => send(args), { stop: () => closed });
   * ```
   */
  async retryAfter<T>(
    error: unknown,
    operation: () => Promise<T>,
    options: {
      onFailure?: (error: unknown, failures: number) => void | Promise<void>;
      stop?: () => boolean;
    } = {},
  ): Promise<T> {
    for (let failures = 1;; failures++) {
      if (!this.allows(error, failures) || options.stop?.()) throw error;
      await options.onFailure?.(error, failures);
      const delay = this.backoff.compute(failures);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        return await operation();
      } catch (next) {
        error = next;
      }
    }
  }
}
