/**
 * A distributed lock on one Redis key: taken with SET NX PX and a random
 * token, released and extended by scripts that check the token first.
 *
 * @module
 */
import { assertInteger } from "../commands/validate.ts";
import { commandRequest } from "../conn/command_request.ts";
import { LockError, LockNotOwnedError } from "../errors/errors.ts";
import type { CommandRoute } from "./command_route.ts";
import { Script } from "./script.ts";
import { withKeyPrefix } from "../commands/key_prefix.ts";

/** Options of `redis.lock()`. */
export interface LockOptions {
  /** Milliseconds the lock lives unless extended. Default: 10000. */
  ttl?: number;
  /** Milliseconds to keep trying while someone else holds it (`0`: try once). Default: 10000. */
  wait?: number;
  /** Milliseconds between attempts. Default: 50. */
  retryDelay?: number;
  /** Stops waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then " +
  "return redis.call('DEL', KEYS[1]) else return 0 end";
const EXTEND = "if redis.call('GET', KEYS[1]) == ARGV[1] then " +
  "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

/**
 * A held lock. Release it (or let `await using` release it); extend it
 * while the work goes on. Both throw {@link LockNotOwnedError} when the
 * lock expired or was taken by another holder meanwhile.
 *
 * @example
 * ```ts
 * await using lock = await redis.lock("job:42", { ttl: 5000 });
 * await doTheWork();
 * await lock.extend(5000);
 * ```
 */
export class Lock implements AsyncDisposable {
  /** The key of the lock. */
  readonly name: string;
  /** This holder's random token, stored as the key's value. */
  readonly token: string;
  readonly #route: CommandRoute;
  #released = false;

  /** @internal Made by `redis.lock()`. */
  constructor(route: CommandRoute, name: string, token: string) {
    this.#route = route;
    this.name = name;
    this.token = token;
  }

  /**
   * Give the lock up. Releasing twice is harmless.
   *
   * @example
   * ```ts
   * await lock.release();
   * ```
   */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    const deleted = await new Script(this.#route, RELEASE).run([this.name], [this.token]);
    if (deleted !== 1) throw new LockNotOwnedError(`the lock ${this.name} was no longer held`);
  }

  /**
   * Make the lock live `ttl` more milliseconds from now.
   *
   * @example
   * ```ts
   * await lock.extend(10_000);
   * ```
   */
  async extend(ttl: number): Promise<void> {
    assertInteger("lock extend ttl", ttl, 1);
    const extended = await new Script(this.#route, EXTEND).run([this.name], [this.token, ttl]);
    if (extended !== 1) throw new LockNotOwnedError(`the lock ${this.name} was no longer held`);
  }

  /** Release the lock at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.release();
  }
}

/** Take the lock `name`, waiting up to `options.wait` while another holder has it. */
export async function acquireLock(
  route: CommandRoute,
  name: string,
  options: LockOptions = {},
): Promise<Lock> {
  const { ttl = 10_000, wait = 10_000, retryDelay = 50, signal } = options;
  assertInteger("lock ttl", ttl, 1);
  assertInteger("lock wait", wait, 0);
  assertInteger("lock retryDelay", retryDelay, 1);
  const token = crypto.randomUUID();
  const deadline = Date.now() + wait;
  for (;;) {
    signal?.throwIfAborted();
    const set = await route.send(
      commandRequest(
        withKeyPrefix(["SET", name, token, "NX", "PX", ttl], route.keyPrefix),
        undefined,
        false,
        { signal },
      ),
    );
    if (set === "OK") return new Lock(route, name, token);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new LockError(`the lock ${name} is held by another holder (waited ${wait} ms)`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(retryDelay, left)));
  }
}
