/**
 * The client side of the shared-memory channel: it blocks on `Atomics.wait`
 * while the socket worker moves bytes.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import { connectTimeoutMessage } from "../conn/open_connection.ts";
import type { TransportOptions } from "../conn/transport.ts";
import { ConnectionError, TimeoutError } from "../errors/errors.ts";
import {
  channelBytes,
  type ChannelViews,
  channelViews,
  Control,
  CONTROL_BYTES,
  ERROR_BYTES,
  Slot,
  Status,
} from "./channel_layout.ts";
import { socketWorker, type WorkerStart } from "./worker.ts";

/** The worker's program, as source text (see `worker.ts`). */
const WORKER_SOURCE = `(${socketWorker.toString()})()`;

/** Bytes of each slot: replies and requests larger than this pass in several turns. */
const DEFAULT_CAPACITY = 4 << 20;

/**
 * A socket in a worker, driven synchronously: `write` hands bytes over,
 * `read` blocks until some arrive. Every wait ends by its deadline
 * (`TimeoutError`) or when the socket is gone (`ConnectionError`).
 *
 * @example
 * ```ts
 * const channel = SyncChannel.open({ host: "127.0.0.1", port: 6379 }, "127.0.0.1:6379", 5000);
 * channel.write(new TextEncoder().encode("PING\r\n"), Infinity);
 * new TextDecoder().decode(channel.read(Infinity)); // "+PONG\r\n"
 * channel.close();
 * ```
 */
export class SyncChannel {
  readonly #worker: Worker;
  readonly #views: ChannelViews;
  readonly #address: string;
  /** A private copy of the inbound slot: decoders may not read shared memory. */
  readonly #scratch: Uint8Array;
  #closed = false;

  private constructor(worker: Worker, views: ChannelViews, address: string) {
    this.#worker = worker;
    this.#views = views;
    this.#address = address;
    this.#scratch = new Uint8Array(views.inbound.length);
  }

  /**
   * Start a worker that connects to `options`; block until it did, failed
   * (`ConnectionError`), or `connectTimeout` ms passed (`TimeoutError`).
   */
  static open(
    options: TransportOptions,
    address: string,
    connectTimeout: number,
    capacity = DEFAULT_CAPACITY,
  ): SyncChannel {
    const buffer = new SharedArrayBuffer(channelBytes(capacity));
    const views = channelViews(buffer, capacity);
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // The worker never keeps the process alive: a forgotten close() does not hang it.
    worker.unref();
    worker.on("error", () => {});
    const start: WorkerStart = {
      buffer,
      capacity,
      offsets: {
        error: CONTROL_BYTES,
        outbound: CONTROL_BYTES + ERROR_BYTES,
        inbound: CONTROL_BYTES + ERROR_BYTES + capacity,
      },
      errorBytes: ERROR_BYTES,
      transport: options,
      layout: { control: Control, slot: Slot, status: Status },
    };
    worker.postMessage(start);
    const channel = new SyncChannel(worker, views, address);
    const { control } = views;
    try {
      channel.#waitWhile(
        Control.Status,
        Status.Connecting,
        Date.now() + connectTimeout,
        "connecting",
      );
    } catch {
      const step = options.tls !== undefined && Atomics.load(control, Control.SocketOpen) === 1
        ? "tls"
        : "connecting";
      channel.close();
      throw new TimeoutError(connectTimeoutMessage(address, connectTimeout, step));
    }
    if (Atomics.load(control, Control.Status) === Status.Closed) {
      const message = channel.#errorMessage();
      channel.close();
      throw new ConnectionError(`could not connect to ${address}: ${message}`);
    }
    return channel;
  }

  /** Whether the socket is open and `close` was not called. */
  get isOpen(): boolean {
    return !this.#closed && Atomics.load(this.#views.control, Control.Status) === Status.Open;
  }

  /** Hand `bytes` to the worker, in turns of the slot's size. */
  write(bytes: Uint8Array, deadline: number): void {
    const { control, outbound } = this.#views;
    for (let offset = 0; offset < bytes.length;) {
      this.#waitWhile(Control.OutState, Slot.Full, deadline, "sending");
      const length = Math.min(outbound.length, bytes.length - offset);
      outbound.set(bytes.subarray(offset, offset + length));
      offset += length;
      Atomics.store(control, Control.OutLength, length);
      Atomics.store(control, Control.OutState, Slot.Full);
      Atomics.notify(control, Control.OutState);
    }
  }

  /**
   * The next bytes from the socket; valid until the next `read`. `wanted`:
   * bytes certain to come (the rest of a bulk string), which the worker
   * gathers before handing them over.
   */
  read(deadline: number, wanted = 0): Uint8Array {
    const { control, inbound } = this.#views;
    Atomics.store(control, Control.Wanted, wanted);
    this.#waitWhile(Control.InState, Slot.Free, deadline, "waiting for a reply");
    const length = Atomics.load(control, Control.InLength);
    this.#scratch.set(inbound.subarray(0, length));
    // Never leave a stale hint behind while the slot is free.
    Atomics.store(control, Control.Wanted, 0);
    Atomics.store(control, Control.InState, Slot.Free);
    Atomics.notify(control, Control.InState);
    return this.#scratch.subarray(0, length);
  }

  /** Close the socket and stop the worker. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const { control } = this.#views;
    if (Atomics.load(control, Control.Status) === Status.Open) {
      Atomics.store(control, Control.OutState, Slot.Close);
      Atomics.notify(control, Control.OutState);
      // Give the worker a moment to close the socket itself, then stop it.
      Atomics.wait(control, Control.Status, Status.Open, 1000);
    }
    void this.#worker.terminate();
  }

  /** Block while `control[word]` is `value`; the socket's loss or the deadline ends it with an error. */
  #waitWhile(word: number, value: number, deadline: number, doing: string): void {
    const { control } = this.#views;
    while (Atomics.load(control, word) === value) {
      if (this.#closed) throw new ConnectionError(`the connection to ${this.#address} is closed`);
      if (Atomics.load(control, Control.Status) === Status.Closed) {
        throw new ConnectionError(`connection to ${this.#address} closed: ${this.#errorMessage()}`);
      }
      const left = deadline === Infinity ? Infinity : deadline - Date.now();
      if (left <= 0 || Atomics.wait(control, word, value, left) === "timed-out") {
        if (Atomics.load(control, word) !== value) return;
        throw new TimeoutError(`no reply from ${this.#address} in time (${doing})`);
      }
    }
  }

  #errorMessage(): string {
    const { control, error } = this.#views;
    const length = Atomics.load(control, Control.ErrorLength);
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(error.slice(0, length));
  }
}
