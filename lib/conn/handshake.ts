/**
 * The handshake as data, so that the async connection and the blocking
 * client run the same steps: HELLO 3 (with AUTH and SETNAME), or for RESP2
 * AUTH and CLIENT SETNAME; then SELECT and CLIENT SETINFO; then, on a server
 * still loading its dataset, PING until it has loaded.
 *
 * @module
 */
import {
  BusyLoadingError,
  ClientClosedError,
  ResponseError,
  TimeoutError,
} from "../errors/errors.ts";
import type { RedisArg } from "../resp/types.ts";

/** The library name and version sent with `CLIENT SETINFO`. */
export const LIBRARY = { name: "keel", version: "0.1.0" } as const;

/** What the handshake needs to know. */
export interface HandshakeSettings {
  /** ACL user; `default` when only a password is given. */
  username?: string;
  /** Password or token; no AUTH without one. */
  password?: string;
  /** Name shown by `CLIENT LIST`. */
  clientName?: string;
  /** Database selected after connecting. */
  db: number;
  /** Send READONLY: a cluster replica then serves reads. */
  readOnly?: boolean;
}

/** A setup command, and whether its failure fails the handshake. */
export interface SetupCommand {
  /** The command. */
  args: RedisArg[];
  /** Its error is ignored (CLIENT SETINFO is unknown before Redis 7.2). */
  optional: boolean;
}

/**
 * `HELLO 3` with AUTH and SETNAME as needed.
 *
 * @example
 * ```ts
 * helloCommand({ password: "secret", db: 0 }); // ["HELLO", 3, "AUTH", "default", "secret"]
 * ```
 */
export function helloCommand(settings: HandshakeSettings): RedisArg[] {
  const hello: RedisArg[] = ["HELLO", 3];
  if (settings.password !== undefined) {
    hello.push("AUTH", settings.username ?? "default", settings.password);
  }
  if (settings.clientName !== undefined) hello.push("SETNAME", settings.clientName);
  return hello;
}

/**
 * Whether HELLO failed because the server only speaks RESP2 (older than
 * Redis 6, or HELLO renamed away): then the client falls back to RESP2.
 *
 * @example
 * ```ts
 * helloRefused(new ResponseError("ERR unknown command 'HELLO'")); // true
 * ```
 */
export function helloRefused(error: unknown): boolean {
  return error instanceof ResponseError && /unknown command|NOPROTO/i.test(error.message);
}

/**
 * The commands after HELLO (or instead of it, for RESP2), sent together.
 *
 * @example
 * ```ts
 * setupCommands(2, { password: "p", db: 1 }); // AUTH p, SELECT 1, CLIENT SETINFO ×2
 * ```
 */
export function setupCommands(protocol: 2 | 3, settings: HandshakeSettings): SetupCommand[] {
  const setup: SetupCommand[] = [];
  const required = (args: RedisArg[]) => setup.push({ args, optional: false });
  if (protocol === 2) {
    const { username, password, clientName } = settings;
    if (password !== undefined) {
      required(username === undefined ? ["AUTH", password] : ["AUTH", username, password]);
    }
    if (clientName !== undefined) required(["CLIENT", "SETNAME", clientName]);
  }
  if (settings.db !== 0) required(["SELECT", settings.db]);
  if (settings.readOnly) required(["READONLY"]);
  setup.push(
    { args: ["CLIENT", "SETINFO", "LIB-NAME", LIBRARY.name], optional: true },
    { args: ["CLIENT", "SETINFO", "LIB-VER", LIBRARY.version], optional: true },
  );
  return setup;
}

/**
 * Milliseconds between PINGs while a server loads its dataset.
 *
 * @example
 * ```ts
 * await new Promise((resolve) => setTimeout(resolve, LOADING_POLL_INTERVAL));
 * ```
 */
export const LOADING_POLL_INTERVAL = 100;

/**
 * The error when a server is still loading its dataset after `timeout` ms:
 * it names the address and the option that bounds the wait.
 *
 * @example
 * ```ts
 * loadingTimeout("127.0.0.1:6379", 10_000).message; // "127.0.0.1:6379 is still loading …"
 * ```
 */
export function loadingTimeout(address: string, timeout: number): TimeoutError {
  return new TimeoutError(
    `${address} is still loading its dataset after ${timeout} ms (every command gets LOADING); ` +
      "raise socketConnectTimeout to wait longer",
  );
}

/**
 * One step of waiting for a server to load its dataset, after a PING
 * failed with `error` (`loading`: an earlier PING got LOADING): the
 * milliseconds to wait before the next PING, `undefined` when the server
 * counts as loaded (another error reply: an ACL user without `+ping`), or a
 * throw: a lost connection's error, or {@link loadingTimeout}'s once
 * `deadline` (a `Date.now()` time) has passed. Shared by both clients.
 *
 * @example
 * ```ts
 * pauseWhileLoading(new BusyLoadingError("LOADING …"), false, Date.now() + 5000, "127.0.0.1:6379", 5000); // 100
 * ```
 */
export function pauseWhileLoading(
  error: unknown,
  loading: boolean,
  deadline: number,
  address: string,
  timeout: number,
): number | undefined {
  // A server busy loading may also answer the last PING too late.
  if (loading && error instanceof TimeoutError) throw loadingTimeout(address, timeout);
  if (!(error instanceof BusyLoadingError)) {
    if (error instanceof ResponseError) return undefined;
    throw error;
  }
  const left = deadline - Date.now();
  if (left <= 0) throw loadingTimeout(address, timeout);
  return Math.min(LOADING_POLL_INTERVAL, left);
}

/**
 * After the handshake, wait until the server has loaded its dataset: a
 * server just (re)started answers `LOADING` to PING and to every data command
 * until then (HELLO, AUTH, SELECT and ROLE work before). PINGs again every
 * {@link LOADING_POLL_INTERVAL} ms for up to `timeout` ms, then rejects with
 * {@link loadingTimeout}'s error (see {@link pauseWhileLoading}); `stopped()`
 * turning true (the client closed) rejects with `ClientClosedError`. `sleep`
 * waits between PINGs (a reconnect in the background passes one that does
 * not keep the process alive).
 *
 * @example
 * ```ts
 * await waitUntilLoaded((timeout) => connection.send(commandRequest(["PING"], undefined, false, { timeout })), "127.0.0.1:6379", 10_000);
 * ```
 */
export async function waitUntilLoaded(
  ping: (timeout: number) => Promise<unknown>,
  address: string,
  timeout: number,
  stopped: () => boolean = () => false,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (let loading = false;; loading = true) {
    let pause: number | undefined;
    try {
      await ping(Math.max(deadline - Date.now(), 1));
      return;
    } catch (error) {
      pause = pauseWhileLoading(error, loading, deadline, address, timeout);
    }
    if (pause === undefined) return;
    await sleep(pause);
    if (stopped()) {
      throw new ClientClosedError("the client was closed while the server was loading");
    }
  }
}
