/**
 * The socket worker of the blocking client: it owns the socket and only
 * moves bytes between it and the shared slots; all RESP work happens on the
 * client's thread. The worker runs {@link socketWorker}'s source text (an
 * `eval` worker), so that it needs no file of its own: no read permission,
 * and the same code whether keel is a local checkout or a JSR package. It
 * therefore uses nothing from outside its own body but `node:net` and
 * `node:tls`, which Deno, Bun and Node all have.
 *
 * @module
 */
import type { TlsOptions } from "../auth/tls_options.ts";
import type { TransportOptions } from "../conn/transport.ts";
import type { Control, Slot, Status } from "./channel_layout.ts";

/** What the client sends the worker first. */
export interface WorkerStart {
  /** The shared buffer. */
  buffer: SharedArrayBuffer;
  /** Bytes of each slot. */
  capacity: number;
  /** Byte offsets of the error message, the outbound and the inbound slot. */
  offsets: { error: number; outbound: number; inbound: number };
  /** Bytes reserved for the error message. */
  errorBytes: number;
  /** Where to connect. */
  transport: TransportOptions;
  /** The channel's constants (the worker's code cannot import them). */
  layout: { control: typeof Control; slot: typeof Slot; status: typeof Status };
}

/**
 * The worker's whole program: wait for a {@link WorkerStart}, connect, then
 * pump bytes both ways until the socket closes or the client asks to close.
 * Self-contained: it is run from its source text.
 *
 * @example
 * ```ts
 * new Worker(`(${socketWorker.toString()})()`, { eval: true });
 * ```
 */
export async function socketWorker(): Promise<void> {
  const { parentPort } = await import("node:worker_threads");
  const start = await new Promise<WorkerStart>((resolve) => parentPort!.once("message", resolve));
  const { buffer, capacity, offsets, errorBytes, transport: options } = start;
  const { control: C, slot: S, status: T } = start.layout;
  const control = new Int32Array(buffer, 0, 16);
  const errorView = new Uint8Array(buffer, offsets.error, errorBytes);
  const outbound = new Uint8Array(buffer, offsets.outbound, capacity);
  const inbound = new Uint8Array(buffer, offsets.inbound, capacity);
  const received: Uint8Array[] = [];
  let receivedBytes = 0;
  let pumping = false;
  let lostMessage: string | undefined;
  let finished = false;

  const finish = (message: string) => {
    if (finished) return;
    finished = true;
    const bytes = new TextEncoder().encode(message).subarray(0, errorView.length);
    errorView.set(bytes);
    Atomics.store(control, C.ErrorLength, bytes.length);
    Atomics.store(control, C.Status, T.Closed);
    for (const word of [C.Status, C.InState, C.OutState]) Atomics.notify(control, word);
  };

  /** Move received bytes into the inbound slot whenever it is free. */
  const pumpIn = async () => {
    if (pumping) return;
    pumping = true;
    while (received.length > 0) {
      if (Atomics.load(control, C.InState) !== S.Free) {
        const wait = Atomics.waitAsync(control, C.InState, S.Full);
        if (wait.async) await wait.value;
        continue;
      }
      // The client expects more of a large value: hand it over in one piece, not per chunk.
      // (Read only while the slot is free: the client resets the hint before freeing it, so a
      // hint seen then is exact, and the bytes it waits for are queued here or on their way.)
      const wanted = Math.min(Atomics.load(control, C.Wanted), capacity);
      if (receivedBytes < wanted && lostMessage === undefined) break;
      let length = 0;
      while (received.length > 0 && length < capacity) {
        const chunk = received[0];
        const take = Math.min(chunk.length, capacity - length);
        inbound.set(chunk.subarray(0, take), length);
        length += take;
        receivedBytes -= take;
        if (take === chunk.length) received.shift();
        else received[0] = chunk.subarray(take);
      }
      Atomics.store(control, C.InLength, length);
      Atomics.store(control, C.InState, S.Full);
      Atomics.notify(control, C.InState);
    }
    pumping = false;
    if (lostMessage !== undefined) finish(lostMessage);
  };

  try {
    const net = await import("node:net");
    const tlsModule = await import("node:tls");
    const tls: TlsOptions | undefined = options.tls;
    // deno-lint-ignore no-explicit-any
    const socket: any = options.path !== undefined
      ? net.connect({ path: options.path })
      : tls !== undefined
      ? tlsModule.connect({
        host: options.host,
        port: options.port,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        servername: tls.servername ?? (net.isIP(options.host) ? undefined : options.host),
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
      })
      : net.connect({ host: options.host, port: options.port });
    socket.setNoDelay?.(true);
    socket.setKeepAlive?.(true);
    let opened = false;
    // For the connect timeout's message: past this, only a TLS handshake can be missing.
    socket.once("connect", () => Atomics.store(control, C.SocketOpen, 1));
    socket.once(
      tls !== undefined && options.path === undefined ? "secureConnect" : "connect",
      () => {
        opened = true;
        Atomics.store(control, C.Status, T.Open);
        Atomics.notify(control, C.Status);
      },
    );
    socket.on("data", (chunk: Uint8Array) => {
      received.push(chunk);
      receivedBytes += chunk.length;
      void pumpIn();
    });
    let failure: string | undefined;
    socket.on("error", (error: Error) => failure ??= error.message);
    socket.on("close", () => {
      lostMessage = failure ?? (opened ? "the server closed the connection" : "connection refused");
      if (!pumping) finish(lostMessage);
    });

    // Outbound: copy each filled slot, give the slot back, write the copy.
    while (!finished) {
      const wait = Atomics.waitAsync(control, C.OutState, S.Free);
      if (wait.async) await wait.value;
      const state = Atomics.load(control, C.OutState);
      if (state === S.Close) {
        socket.destroy();
        return;
      }
      if (state !== S.Full) continue;
      const bytes = outbound.slice(0, Atomics.load(control, C.OutLength));
      Atomics.store(control, C.OutState, S.Free);
      Atomics.notify(control, C.OutState);
      if (!socket.write(bytes)) await new Promise((resolve) => socket.once("drain", resolve));
    }
  } catch (error) {
    // A bug here must not leave the client waiting: report it as a lost connection.
    finish(`the socket worker failed: ${(error as Error).message}`);
  }
}
