/**
 * A connection's health check: after a silence from the server it PINGs,
 * and a PING without a reply in time means the connection is dead.
 *
 * @module
 */
import { ConnectionError, TimeoutError } from "../errors/errors.ts";
import { unrefTimer } from "./lifecycle.ts";

/** What the health check asks of its connection. */
export interface HealthCheckHost {
  /** A readable name of the server, for the error. */
  readonly address: string;
  /** How long a PING may take, in milliseconds; `0`: the interval. */
  readonly commandTimeout: number;
  /** Whether the connection was closed (then the check stops). */
  closed(): boolean;
  /** Whether a blocking command waits: its silence is on purpose. */
  blockingWaits(): boolean;
  /** Send a PING with this timeout. */
  ping(timeout: number): Promise<unknown>;
  /** The server did not answer: fail the connection with `error`. */
  dead(error: ConnectionError): void;
}

/**
 * PINGs once the server has been silent for the interval, whatever is
 * queued (commands that timed out, or still wait, answer before the PING on
 * a live server), unless a blocking command waits. No reply within the
 * command timeout (the interval when there is none): the connection is dead.
 * Its timer never keeps the process alive.
 *
 * @example
 * ```ts
 * const health = new HealthCheck(5000, host);
 * health.lastHeard = Date.now(); // on each chunk from the server
 * health.stop(); // on close
 * ```
 */
export class HealthCheck {
  /** `Date.now()` when bytes last arrived. */
  lastHeard = Date.now();
  readonly #interval: number;
  readonly #host: HealthCheckHost;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** A health-check PING waits for its reply. */
  #pinging = false;

  /**
   * Start checking.
   * @param interval Milliseconds of silence before a PING.
   * @param host The connection checked.
   */
  constructor(interval: number, host: HealthCheckHost) {
    this.#interval = interval;
    this.#host = host;
    this.#arm(interval);
  }

  /** Stop checking (the connection closed). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(delay: number): void {
    // Never what keeps the process alive: an idle client lets it exit.
    this.#timer = unrefTimer(setTimeout(this.#check, Math.max(1, delay)));
  }

  readonly #check = (): void => {
    this.#timer = undefined;
    const host = this.#host;
    if (host.closed()) return;
    const interval = this.#interval;
    const silent = Date.now() - this.lastHeard;
    if (silent < interval) return this.#arm(interval - silent);
    this.#arm(interval);
    if (this.#pinging || host.blockingWaits()) return;
    this.#pinging = true;
    host.ping(host.commandTimeout || interval).then(() => {
      this.#pinging = false;
    }, (error) => {
      this.#pinging = false;
      if (error instanceof TimeoutError) {
        host.dead(
          new ConnectionError(`${host.address} did not answer a health check`, { cause: error }),
        );
      }
    });
  };
}
