/**
 * Open a socket and make it a ready {@link Connection}: connect with a
 * timeout, then the handshake (HELLO or AUTH, client name, database, library
 * name).
 *
 * @module
 */
import { ConnectionError, TimeoutError } from "../errors/errors.ts";
import { checkCredentials } from "../auth/check_credentials.ts";
import { helloCommand, helloRefused, setupCommands } from "./handshake.ts";
import { connectTransport } from "./connect_transport.ts";
import { unrefTimer } from "./lifecycle.ts";
import { Connection } from "./connection.ts";
import type { ConnectionSettings } from "./connection_settings.ts";
import { commandRequest } from "./command_request.ts";
import type { Transport } from "./transport.ts";
import type { CredentialsProvider } from "../auth/credentials.ts";
import type { TlsOptions } from "../auth/tls_options.ts";

/**
 * Everything needed to open and prepare one connection: where, who, how,
 * and the settings of the {@link Connection} it becomes (all but its
 * address, which is made from these).
 */
export interface ConnectionOptions extends Omit<ConnectionSettings, "address"> {
  /** Host name or address. */
  host: string;
  /** TCP port. */
  port: number;
  /** Unix socket path; replaces host and port. */
  path?: string;
  /** TLS settings; TLS is off when absent. */
  tls?: TlsOptions;
  /** ACL user name; `default` when only a password is given. */
  username?: string;
  /** Password, for `requirepass` or the ACL user. */
  password?: string;
  /** Called at every handshake for the credentials to use (overrides username and password). */
  credentials?: CredentialsProvider;
  /** Send READONLY after the handshake (a cluster replica serving reads). */
  readOnly?: boolean;
  /** Database number selected after connecting. */
  db: number;
  /** Name shown by `CLIENT LIST`. */
  clientName?: string;
  /** RESP version: 3 (`HELLO 3`, falling back to 2 on old servers) or 2. */
  protocol: 2 | 3;
  /** Milliseconds to open the socket and finish the handshake. */
  connectTimeout: number;
  /** Asked before each connection for the address to use instead of host and port (Sentinel). */
  resolveAddress?: () => Promise<{ host: string; port: number }>;
  /** Checks a connection after its handshake (Sentinel: the role); a rejection fails the connection. */
  verify?: (connection: Connection) => Promise<void>;
  /**
   * Nobody waits for this connection (a reconnect in the background): until
   * it is ready, neither its socket nor its connect timer keeps the process
   * alive. Afterwards it holds the process while commands wait, as usual.
   */
  background?: boolean;
}

/** The ready connection and what the handshake learned. */
export interface OpenConnection {
  /** The connection, ready for commands. */
  connection: Connection;
  /** The protocol in use after the handshake. */
  protocol: 2 | 3;
}

/** What the connect timeout's message adds, by the step that did not finish. */
const STEPS = {
  connecting: "",
  tls: ": the TLS handshake did not complete (does the server speak TLS on that port?)",
  handshake: ": no answer to the handshake (HELLO, AUTH, SELECT)",
} as const;

/**
 * The message of a connect timeout, saying which step did not finish: the
 * TCP connect, the TLS handshake, or the Redis handshake. Both clients use it.
 *
 * @example
 * ```ts
 * connectTimeoutMessage("127.0.0.1:6380", 1000, "tls");
 * // "could not connect to 127.0.0.1:6380 within 1000 ms: the TLS handshake did not complete (…)"
 * ```
 */
export function connectTimeoutMessage(
  address: string,
  timeout: number,
  step: keyof typeof STEPS,
): string {
  return `could not connect to ${address} within ${timeout} ms${STEPS[step]}`;
}

/** Where a connection goes, for messages: never includes credentials. */
export function describeAddress(
  options: Pick<ConnectionOptions, "host" | "port" | "path">,
): string {
  return options.path ?? `${options.host}:${options.port}`;
}

/**
 * Open a connection and run the handshake. Rejects with
 * {@link ConnectionError}, {@link TimeoutError}, the server's typed error
 * (e.g. `AuthenticationError`), a `DataError` when the credentials provider
 * gave no `{ username?, password }` (nothing is sent then), or the error the
 * provider threw; the socket is closed then.
 *
 * @example
 * ```ts
 * const { connection } = await openConnection({
 *   host: "127.0.0.1", port: 6379, db: 0, protocol: 3, connectTimeout: 5000, commandTimeout: 0,
 * });
 * await connection.send(commandRequest(["PING"])); // "PONG"
 * ```
 */
export async function openConnection(options: ConnectionOptions): Promise<OpenConnection> {
  if (options.resolveAddress !== undefined) {
    options = { ...options, ...await options.resolveAddress(), resolveAddress: undefined };
  }
  const address = describeAddress(options);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let transport: Transport | undefined;
  let connection: Connection | undefined;
  let timedOut = false;
  /** How far the connect got, for the timeout's message. */
  let step: "connecting" | "tls" | "handshake" = "connecting";
  /** Gives up the transport's connect on timeout: no socket outlives it, mid-TLS included. */
  const giveUp = new AbortController();
  /** Bytes that arrive before the Connection exists (e.g. "max clients reached"), replayed to it. */
  const early: Uint8Array[] = [];
  let closedEarly: { error?: Error } | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      const error = new TimeoutError(connectTimeoutMessage(address, options.connectTimeout, step));
      giveUp.abort(error);
      reject(error);
    }, options.connectTimeout);
  });
  if (options.background) unrefTimer(timer!);
  try {
    const opening = connectTransport(
      { host: options.host, port: options.port, path: options.path, tls: options.tls },
      {
        onData: (chunk) => connection ? connection.receive(chunk) : early.push(chunk.slice()),
        onClose: (error) => connection ? connection.lost(error) : closedEarly = { error },
        onSocketOpen: () => {
          if (options.tls !== undefined) step = "tls";
        },
      },
      giveUp.signal,
    ).catch((error: Error) => {
      throw new ConnectionError(`could not connect to ${address}: ${error.message}`, {
        cause: error,
      });
    });
    opening.then((opened) => {
      if (timedOut) opened.close();
    }, () => {});
    transport = await Promise.race([opening, timeout]);
    connection = new Connection(
      transport,
      {
        address,
        commandTimeout: options.commandTimeout,
        onPush: options.onPush,
        pubsub: options.pubsub,
        pushBytes: options.pushBytes,
        resend: options.resend,
        monitor: options.monitor,
        healthCheckInterval: options.healthCheckInterval,
        onClose: options.onClose,
      } satisfies Record<keyof ConnectionSettings, unknown>,
    );
    step = "handshake";
    if (options.background) connection.holdProcess("never");
    for (const chunk of early) connection.receive(chunk);
    if (closedEarly !== undefined) connection.lost(closedEarly.error);
    const protocol = await Promise.race([handshake(connection, options), timeout]);
    if (options.verify !== undefined) await Promise.race([options.verify(connection), timeout]);
    if (options.background) connection.holdProcess("pending");
    return { connection, protocol };
  } catch (error) {
    if (connection !== undefined) connection.destroy();
    else transport?.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Run the handshake; returns the protocol in use. */
async function handshake(connection: Connection, options: ConnectionOptions): Promise<2 | 3> {
  const { username, password } = options.credentials === undefined
    ? options
    : checkCredentials(await options.credentials(), "the credentials provider returned");
  const settings = {
    username,
    password,
    clientName: options.clientName,
    db: options.db,
    readOnly: options.readOnly,
  };
  let protocol = options.protocol;
  if (protocol === 3) {
    try {
      await connection.send(commandRequest(helloCommand(settings)));
    } catch (error) {
      if (!helloRefused(error)) throw error;
      protocol = 2;
    }
  }
  const results = await Promise.allSettled(
    setupCommands(protocol, settings).map(({ args, optional }) =>
      optional
        ? connection.send(commandRequest(args)).catch(() => undefined)
        : connection.send(commandRequest(args))
    ),
  );
  const failure = results.find((result) => result.status === "rejected");
  if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
  return protocol;
}
