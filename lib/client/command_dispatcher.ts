/**
 * Where each of a client's commands goes: the shared connection (at once
 * when it is open, after connecting otherwise), or for a blocking command a
 * connection borrowed from the pool. Also the resend policy for commands
 * lost with their connection, and the `command` event's timing.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import type { BatchCommand, CommandRequest, SendOptions } from "../conn/command_request.ts";
import { isQuit } from "../conn/lifecycle.ts";
import { blockingTimeout, clientTimeoutFor } from "../commands/blocking.ts";
import { isReadOnly } from "../commands/read_only.ts";
import { ClientClosedError, type ConnectionError, ResponseError } from "../errors/errors.ts";
import { CommandEvent, type RedisEvents } from "../events/events.ts";
import type { ConnectionPool } from "../pool/connection_pool.ts";
import { batchOptions, type CommandRoute } from "./command_route.ts";
import type { ClientCache } from "./client_cache.ts";
import type { ConnectionLifecycle } from "./connection_lifecycle.ts";
import type { ConnectionReadyOptions } from "./ready_options.ts";

/** What a dispatcher needs from the client beyond its shared connection. */
export interface DispatcherHooks {
  /** The pool that blocking commands borrow from (made on first use). */
  pool(): ConnectionPool;
  /** QUIT: close the client, and answer `OK` shaped by `transform`. */
  quit(transform: CommandRequest["transform"]): Promise<unknown>;
  /** Told of each failed command (Sentinel: a write the server refused as a replica). */
  onError?: (error: unknown) => void;
  /** The client-side cache, when the `cache` option is on: single commands go through it. */
  cache?: ClientCache;
}

/**
 * Routes a client's commands. It is the client's {@link CommandRoute}.
 *
 * @example
 * ```ts
 * const dispatcher = new CommandDispatcher(lifecycle, options, events, hooks);
 * await dispatcher.send(commandRequest(["PING"])); // "PONG"
 * ```
 */
export class CommandDispatcher implements CommandRoute {
  readonly #lifecycle: ConnectionLifecycle;
  readonly #options: ConnectionReadyOptions;
  readonly #events: RedisEvents;
  readonly #hooks: DispatcherHooks;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #cache: ClientCache | undefined;
  /** `#dispatch`, for the cache to send what it does not answer. */
  readonly #dispatchRequest = (request: CommandRequest): Promise<unknown> =>
    this.#dispatch(request);
  /** Whether server errors get the caller's stack (the `callerStacks` option). */
  readonly callerStacks: boolean;
  /** Put before every key by the executors on this route (the `keyPrefix` option). */
  readonly keyPrefix: string | undefined;

  /**
   * @param lifecycle The client's shared connection.
   * @param options The client's options.
   * @param events Where `command` events go.
   * @param hooks The pool, QUIT, and what hears of failed commands.
   */
  constructor(
    lifecycle: ConnectionLifecycle,
    options: ConnectionReadyOptions,
    events: RedisEvents,
    hooks: DispatcherHooks,
  ) {
    this.#lifecycle = lifecycle;
    this.#options = options;
    this.#events = events;
    this.#hooks = hooks;
    this.#onError = hooks.onError;
    this.#cache = hooks.cache;
    this.callerStacks = options.callerStacks;
    this.keyPrefix = options.keyPrefix;
  }

  /**
   * Send one command on the shared connection, connecting first if needed.
   * A blocking command (BLPOP, XREAD BLOCK, WAIT, …) borrows a connection of
   * the pool instead, so that the shared one never waits behind it. With
   * the client-side cache on, a cacheable read may be answered from it.
   */
  send(request: CommandRequest): Promise<unknown> {
    const args = request.args;
    if (args.length === 1 && isQuit(args[0])) return this.#hooks.quit(request.transform);
    const cache = this.#cache;
    const sent = cache === undefined
      ? this.#dispatch(request)
      : cache.send(request, this.#dispatchRequest);
    const onError = this.#onError;
    if (onError === undefined) return sent;
    return sent.catch((error) => {
      onError(error);
      throw error;
    });
  }

  /**
   * A command was written and its connection lost before the reply: send it
   * again when the `retry` option allows (read-only by its flags, or
   * `retryWrites`), unless the offline queue is off (then failures while
   * disconnected are wanted at once). `undefined`: it rejects.
   */
  resend(request: CommandRequest, error: ConnectionError): Promise<unknown> | undefined {
    const retry = this.#options.retry;
    const lifecycle = this.#lifecycle;
    if (retry === false || this.#options.offlineQueue === false || lifecycle.closed) {
      return undefined;
    }
    if (!retry.retryWrites && !isReadOnly(request.args)) return undefined;
    const signal = request.options?.signal;
    if (!retry.allows(error, 1) || signal?.aborted) return undefined;
    return retry.retryAfter(error, () => this.#dispatch(request), {
      stop: () => lifecycle.closed || signal?.aborted === true,
    });
  }

  /** `#send`, timed with a `command` event when someone listens. */
  #dispatch(request: CommandRequest): Promise<unknown> {
    return this.#events.wantsCommands ? this.#timed(request) : this.#send(request);
  }

  /** `#send`, dispatching a `command` event with the duration and error. */
  #timed(request: CommandRequest): Promise<unknown> {
    const started = performance.now();
    const first = request.args[0];
    const name = typeof first === "string" ? first.toUpperCase() : String(first);
    const events = this.#events;
    return this.#send(request).then((reply) => {
      events.dispatchEvent(new CommandEvent(name, performance.now() - started));
      return reply;
    }, (error) => {
      events.dispatchEvent(new CommandEvent(name, performance.now() - started, error));
      throw error;
    });
  }

  #send(request: CommandRequest): Promise<unknown> {
    const blocking = blockingTimeout(request.args);
    if (blocking !== undefined) return this.#sendBlocking(request, blocking);
    const connection = this.#lifecycle.live;
    if (connection !== null) return connection.send(request);
    return this.#lifecycle.connection().then((ready) => ready.send(request));
  }

  /**
   * Run `use` on the open connection at once, so that what it sends keeps
   * its place among commands issued after it; when there is none, connect
   * first.
   */
  #withConnection<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = this.#lifecycle.live;
    if (connection !== null) return use(connection);
    return this.#lifecycle.connection().then(use);
  }

  /**
   * Send a batch (a pipeline, or with `atomic` a MULTI … EXEC block) on the
   * current connection, at once when there is one, so that it keeps its
   * place among the commands issued after it. A pipeline holding blocking
   * commands borrows a pooled connection instead, as they would alone, and
   * waits for the server's timeouts plus a margin.
   */
  sendBatch(
    commands: readonly BatchCommand[],
    bytes: boolean,
    atomic: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown[]> {
    const sent = batchOptions(commands, this.#options.commandTimeout, options);
    const replies = sent === options
      ? this.#withConnection((connection) => connection.sendBatch(commands, bytes, atomic, options))
      : this.#onPooled(
        options?.signal,
        (connection) => connection.sendBatch(commands, bytes, atomic, sent),
      );
    this.#cache?.sentBatch(commands, replies);
    return replies;
  }

  /**
   * Run a blocking command on a borrowed connection. Its client-side timeout
   * is the server's plus a margin, unless the caller set one.
   */
  #sendBlocking(request: CommandRequest, serverTimeout: number): Promise<unknown> {
    const signal = request.options?.signal;
    const timeout = request.options?.timeout ?? clientTimeoutFor(serverTimeout);
    return this.#onPooled(signal, (connection) =>
      connection.send({
        args: request.args,
        transform: request.transform,
        bytes: request.bytes,
        options: { signal, timeout, blocking: true },
      }));
  }

  /**
   * Run `use` on a borrowed connection (the wait for one ends when `signal`
   * aborts). A connection whose command did not get its reply (timeout,
   * abort, lost) is closed, never given back still blocked.
   */
  async #onPooled<T>(
    signal: AbortSignal | undefined,
    use: (connection: Connection) => Promise<T>,
  ): Promise<T> {
    if (this.#lifecycle.closed) throw new ClientClosedError("the client is closed");
    const pool = this.#hooks.pool();
    const connection = await pool.acquire({ signal });
    try {
      const reply = await use(connection);
      pool.release(connection);
      return reply;
    } catch (error) {
      if (error instanceof ResponseError) pool.release(connection);
      else pool.destroy(connection);
      throw error;
    }
  }
}
