/**
 * The ends of a client's life. keel's rule: the process stays alive only
 * while something needs a client (a pending command, a subscription,
 * MONITOR); background timers (health checks, reconnect backoff, topology
 * refresh) never hold it. Timers that do not, on every runtime: Deno's are
 * numbers (`Deno.unrefTimer`), Node's and Bun's objects with `unref()`. And
 * QUIT, which every client answers by closing itself.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";

/**
 * Whether a command's only word is QUIT, which the clients answer by
 * closing themselves (as `close()`) instead of sending it.
 *
 * @example
 * ```ts
 * isQuit("quit"); // true
 * ```
 */
export function isQuit(name: RedisArg): boolean {
  return typeof name === "string" && name.length === 4 && name.toUpperCase() === "QUIT";
}

/** A timer handle as `setTimeout` and `setInterval` return it on the current runtime. */
export type TimerHandle = ReturnType<typeof setTimeout>;

interface DenoTimers {
  unrefTimer(id: number): void;
  refTimer(id: number): void;
}

const deno = (globalThis as { Deno?: DenoTimers }).Deno;

/**
 * Let `timer` fire without keeping the process alive for it; returns it.
 *
 * @example
 * ```ts
 * const timer = unrefTimer(setInterval(() => console.log("tick"), 1000));
 * // the process exits when nothing else keeps it alive, tick or not
 * clearInterval(timer);
 * ```
 */
export function unrefTimer(timer: TimerHandle): TimerHandle {
  if (typeof timer === "number") deno?.unrefTimer(timer);
  else (timer as { unref?(): void }).unref?.();
  return timer;
}

/**
 * Make `timer` keep the process alive again (undoes {@link unrefTimer}).
 *
 * @example
 * ```ts
 * const timer = unrefTimer(setTimeout(() => console.log("later"), 5000));
 * refTimer(timer); // now the process waits for it
 * ```
 */
export function refTimer(timer: TimerHandle): void {
  if (typeof timer === "number") deno?.refTimer(timer);
  else (timer as { ref?(): void }).ref?.();
}

/**
 * Wait `ms` milliseconds without keeping the process alive for it.
 *
 * @example
 * ```ts
 * await backgroundSleep(1000); // the process may exit meanwhile, if nothing else runs
 * ```
 */
export function backgroundSleep(ms: number): Promise<void> {
  return new Promise((resolve) => unrefTimer(setTimeout(resolve, ms)));
}
