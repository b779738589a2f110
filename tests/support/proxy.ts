/**
 * A TCP proxy between a client and a test server that misbehaves on
 * request: splits traffic into 1-byte writes, stalls it, or drops every
 * connection. Runtime-neutral (`node:net`).
 *
 * @module
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";

/** How the proxy treats traffic. */
export type ProxyMode = "pass" | "split" | "stall";

/** A running proxy. */
export interface TestProxy {
  /** The port clients connect to. */
  port: number;
  /** Change how traffic is treated from now on. */
  mode: ProxyMode;
  /** Back to `pass`, delivering what was held while stalled, in order. */
  resume(): void;
  /** Close every proxied connection now (both sides see it drop). */
  dropAll(): void;
  /** Stop listening and drop everything. */
  close(): Promise<void>;
}

/**
 * Start a proxy to `127.0.0.1:targetPort` on a free port.
 *
 * @example
 * ```ts
 * const proxy = await startProxy(server.port);
 * proxy.mode = "split";
 * ```
 */
export async function startProxy(targetPort: number): Promise<TestProxy> {
  const sockets = new Set<Socket>();
  const stalled: (() => void)[] = [];
  const proxy: TestProxy = {
    port: 0,
    mode: "pass",
    resume() {
      proxy.mode = "pass";
      for (const send of stalled.splice(0)) send();
    },
    dropAll() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    close() {
      proxy.dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk: Uint8Array) => {
      const send = () => {
        if (to.destroyed) return;
        if (proxy.mode === "split") {
          for (let i = 0; i < chunk.length; i++) to.write(chunk.subarray(i, i + 1));
        } else to.write(chunk);
      };
      if (proxy.mode === "stall") stalled.push(send);
      else send();
    });
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.port = (server.address() as { port: number }).port;
  return proxy;
}
