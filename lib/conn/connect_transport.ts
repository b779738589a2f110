/**
 * Pick the transport of the runtime keel runs on.
 *
 * @module
 */
import { connectBun } from "./bun.ts";
import { connectDeno } from "./deno.ts";
import { connectNode } from "./node.ts";
import type { ConnectTransport, Transport } from "./transport.ts";

/**
 * Open a socket with the current runtime's transport: Deno's when
 * `globalThis.Deno` exists, Bun's when `globalThis.Bun` does, else Node's.
 *
 * @example
 * ```ts
 * const transport = await connectTransport({ host: "127.0.0.1", port: 6379 }, {
 *   onData: (chunk) => console.log(new TextDecoder().decode(chunk)), // "+PONG\r\n"
 *   onClose: (error) => console.log("closed", error),
 * });
 * await transport.write(new TextEncoder().encode("PING\r\n"));
 * transport.close();
 * ```
 */
export const connectTransport: ConnectTransport = (
  options,
  handlers,
  signal,
): Promise<Transport> => {
  const runtime = globalThis as { Deno?: unknown; Bun?: unknown };
  if (runtime.Deno !== undefined) return connectDeno(options, handlers, signal);
  if (runtime.Bun !== undefined) return connectBun(options, handlers, signal);
  return connectNode(options, handlers, signal);
};
