/**
 * One blocking connection: RESP encoding and decoding on the caller's
 * thread, bytes through a {@link SyncChannel}.
 *
 * @module
 */
import { tlsKey } from "../auth/tls_options.ts";
import { checkCredentials } from "../auth/check_credentials.ts";
import { type BatchCommand, type ReplyTransform, shapeSlot } from "../conn/command_request.ts";
import { helloCommand, helloRefused, pauseWhileLoading, setupCommands } from "../conn/handshake.ts";
import { connectTimeoutMessage, describeAddress } from "../conn/open_connection.ts";
import { ConnectionError, DataError, ResponseError, TimeoutError } from "../errors/errors.ts";
import { withCommand } from "../errors/failed_command.ts";
import { RespDecoder } from "../resp/decoder.ts";
import { RespEncoder } from "../resp/encoder.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { ResolvedSyncOptions } from "../client/options.ts";
import { openLibcSocket, type SyncByteChannel } from "./libc_socket.ts";
import { SyncChannel } from "./sync_channel.ts";
import { batchClientTimeout, blockingTimeout, clientTimeoutFor } from "../commands/blocking.ts";

/**
 * A connection whose commands block until their replies arrive. After a
 * timeout, the late replies are read and dropped before the next ones.
 *
 * @example
 * ```ts
 * const connection = SyncConnection.open(resolveSyncOptions("redis://127.0.0.1:6379"));
 * connection.send(["PING"]); // "PONG"
 * connection.close();
 * ```
 */
export class SyncConnection {
  /** The protocol the handshake settled on. */
  protocol: 2 | 3 = 2;
  readonly #channel: SyncByteChannel;
  readonly #commandTimeout: number;
  readonly #encoder = new RespEncoder();
  readonly #decoder: RespDecoder;
  #replies: RespValue[] = [];
  /** Replies still to come for commands that timed out: read and dropped. */
  #stale = 0;
  #broken: ConnectionError | undefined;

  private constructor(channel: SyncByteChannel, commandTimeout: number) {
    this.#channel = channel;
    this.#commandTimeout = commandTimeout;
    this.#decoder = new RespDecoder({
      onReply: (value) => {
        if (this.#stale > 0) this.#stale--;
        else this.#replies.push(value);
      },
      onPush: () => {},
    });
  }

  /** Connect and run the handshake; throws as the async client's connect rejects. */
  static open(options: ResolvedSyncOptions): SyncConnection {
    const address = describeAddress(options);
    const started = Date.now();
    const target = {
      host: options.host,
      port: options.port,
      path: options.path,
      // The worker gets a copy: a hidden key does not cross threads by itself.
      tls: options.tls === undefined ? undefined : { ...options.tls, key: tlsKey(options.tls) },
    };
    // The socket on this thread where the runtime allows it; else a socket worker.
    const channel = openLibcSocket(target, address, options.connectTimeout) ??
      SyncChannel.open(target, address, options.connectTimeout);
    const connection = new SyncConnection(channel, options.commandTimeout);
    try {
      // The connect timeout bounds the whole connect, handshake included (as on the async client).
      connection.#handshakeWithin(options, address, started + options.connectTimeout);
      connection.#waitUntilLoaded(address, options.connectTimeout);
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  /** Whether commands can be sent. */
  get isOpen(): boolean {
    return this.#broken === undefined && this.#channel.isOpen;
  }

  /**
   * Send one command and return its (transformed) reply; a server error is
   * thrown as its typed class. `timeout` (ms, `0`: none) replaces the
   * connection's command timeout; a blocking command (BLPOP …) waits for the
   * server's timeout plus a margin.
   */
  send(
    args: readonly RedisArg[],
    transform?: ReplyTransform,
    bytes = false,
    timeout?: number,
  ): unknown {
    this.#encoder.reset();
    this.#encoder.encode(args);
    if (timeout === undefined) {
      const blocking = blockingTimeout(args);
      timeout = blocking === undefined ? this.#commandTimeout : clientTimeoutFor(blocking);
    }
    const [reply] = this.#exchange(1, bytes, timeout);
    if (reply instanceof ResponseError) throw withCommand(reply, args);
    return transform === undefined ? reply : transform(reply);
  }

  /**
   * Send several commands in one write and return every reply in order,
   * transformed, with server errors (and transforms' errors) in their slots.
   * An argument that cannot be encoded takes its slot without being sent, or
   * with `atomic` throws before anything is sent. `timeout` (ms, `0`: none)
   * replaces the connection's command timeout; a batch holding blocking
   * commands waits for their server timeouts plus a margin.
   */
  sendBatch(
    commands: readonly BatchCommand[],
    bytes = false,
    atomic = false,
    timeout?: number,
  ): unknown[] {
    this.#encoder.reset();
    const results: unknown[] = new Array(commands.length);
    const sent: number[] = [];
    for (let i = 0; i < commands.length; i++) {
      try {
        this.#encoder.encode(commands[i].args);
        sent.push(i);
      } catch (error) {
        if (atomic) throw error;
        results[i] = error;
      }
    }
    timeout ??= batchClientTimeout(commands, this.#commandTimeout) ?? this.#commandTimeout;
    const replies = this.#exchange(sent.length, bytes, timeout);
    sent.forEach((i, j) => {
      const reply = replies[j];
      results[i] = reply instanceof ResponseError
        ? withCommand(reply, commands[i].args)
        : shapeSlot(reply, commands[i].transform);
    });
    return results;
  }

  /** Close the socket and the worker. */
  close(): void {
    this.#channel.close();
  }

  /** Write what the encoder holds; read until `count` replies are in. */
  #exchange(count: number, bytes: boolean, timeout: number): RespValue[] {
    if (this.#broken !== undefined) throw this.#broken;
    const deadline = timeout > 0 ? Date.now() + timeout : Infinity;
    this.#decoder.returnBytes = bytes;
    try {
      if (count > 0) this.#channel.write(this.#encoder.bytes(), deadline);
      while (this.#replies.length < count) {
        this.#decoder.feed(this.#channel.read(deadline, this.#decoder.bulkRemaining));
      }
    } catch (error) {
      this.#stale += count - this.#replies.length;
      this.#replies = [];
      if (error instanceof TimeoutError) {
        throw new TimeoutError(`no reply within ${timeout} ms`);
      }
      if (!(error instanceof ConnectionError)) {
        // Undecodable bytes: nothing after them can be trusted.
        this.#broken = new ConnectionError(`invalid reply: ${(error as Error).message}`, {
          cause: error,
        });
        this.#channel.close();
        throw this.#broken;
      }
      throw error;
    } finally {
      this.#encoder.reset();
    }
    const replies = this.#replies;
    this.#replies = [];
    return replies;
  }

  /**
   * PING until the server has loaded its dataset (a restarted server
   * answers LOADING until then), up to `timeout` ms more; as the async
   * client's `waitUntilLoaded`, sleeping with `Atomics.wait`.
   */
  #waitUntilLoaded(address: string, timeout: number): void {
    const deadline = Date.now() + timeout;
    for (let loading = false;; loading = true) {
      let pause: number | undefined;
      try {
        this.send(["PING"], undefined, false, Math.max(deadline - Date.now(), 1));
        return;
      } catch (error) {
        pause = pauseWhileLoading(error, loading, deadline, address, timeout);
      }
      if (pause === undefined) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }

  /** {@link SyncConnection.#handshake}, every wait ending by `deadline` (`Date.now()` time). */
  #handshakeWithin(options: ResolvedSyncOptions, address: string, deadline: number): void {
    try {
      this.#handshake(options, () => Math.max(deadline - Date.now(), 1));
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      throw new TimeoutError(
        connectTimeoutMessage(address, options.connectTimeout, "handshake"),
        { cause: error },
      );
    }
  }

  #handshake(options: ResolvedSyncOptions, timeLeft: () => number): void {
    // A static password is a credentials provider by now (see resolveSyncOptions).
    let credentials: { username?: string; password?: string } = { username: options.username };
    if (options.credentials !== undefined) {
      const provided = typeof options.credentials === "function"
        ? options.credentials()
        : undefined;
      if (provided === undefined || provided instanceof Promise) {
        throw new DataError(
          "credentials: the blocking client needs a provider function that returns credentials synchronously",
        );
      }
      credentials = checkCredentials(provided, "the credentials provider returned");
    }
    const settings = { ...credentials, clientName: options.clientName, db: options.db };
    this.protocol = options.protocol;
    if (this.protocol === 3) {
      try {
        this.send(helloCommand(settings), undefined, false, timeLeft());
      } catch (error) {
        if (!helloRefused(error)) throw error;
        this.protocol = 2;
      }
    }
    const setup = setupCommands(this.protocol, settings);
    const results = this.sendBatch(setup, false, false, timeLeft());
    const failure = results.find((result, i) => result instanceof Error && !setup[i].optional);
    if (failure !== undefined) throw failure;
  }
}
