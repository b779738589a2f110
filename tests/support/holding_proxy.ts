/**
 * A TCP proxy to a test server that can hold back what the server sends on
 * some of the proxied connections (chosen by what the client sent on them),
 * and deliver it later in order: to make "a reply still on its way" and
 * "an invalidation still on its way" deterministic. Runtime-neutral
 * (`node:net`).
 *
 * @module
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";

/** A running holding proxy. */
export interface HoldingProxy {
  /** The port clients connect to. */
  port: number;
  /**
   * From now on, hold what the server sends on each connection whose
   * client-sent text so far (its first 64 KiB) satisfies `which`, e.g.
   * `(sent) => sent.includes("TRACKING")` for a client's tracked connection.
   */
  hold(which: (sent: string) => boolean): void;
  /** Stop holding and deliver everything held, in order. */
  release(): void;
  /** How many server chunks are held now. */
  readonly held: number;
  /** Stop listening and drop every connection. */
  close(): Promise<void>;
}

/**
 * Start a holding proxy to `127.0.0.1:targetPort` on a free port.
 *
 * @example
 * ```ts
 * const proxy = await startHoldingProxy(server.port);
 * proxy.hold((sent) => !sent.includes("SUBSCRIBE"));
 * // … replies on the data connections wait; the subscriber's messages pass …
 * proxy.release();
 * ```
 */
export async function startHoldingProxy(targetPort: number): Promise<HoldingProxy> {
  const sockets = new Set<Socket>();
  let which: ((sent: string) => boolean) | undefined;
  /** Each connection's held chunks, in order. */
  const queues = new Set<(() => void)[]>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
    let sent = "";
    const queue: (() => void)[] = [];
    queues.add(queue);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        queues.delete(queue);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk: Uint8Array) => {
      if (sent.length < 65536) sent += new TextDecoder().decode(chunk);
      if (!upstream.destroyed) upstream.write(chunk);
    });
    upstream.on("data", (chunk: Uint8Array) => {
      const send = () => {
        if (!client.destroyed) client.write(chunk);
      };
      // Once something on a connection is held, what follows on it waits behind it.
      if ((which !== undefined && which(sent)) || queue.length > 0) queue.push(send);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    hold(filter) {
      which = filter;
    },
    release() {
      which = undefined;
      for (const queue of queues) for (const send of queue.splice(0)) send();
    },
    get held() {
      let count = 0;
      for (const queue of queues) count += queue.length;
      return count;
    },
    close() {
      which = undefined;
      queues.clear();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
