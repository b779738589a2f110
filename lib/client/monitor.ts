/**
 * MONITOR on a connection of its own, as an async iterable of the commands
 * the server processes.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import { openConnection } from "../conn/open_connection.ts";
import { commandRequest } from "../conn/command_request.ts";
import { asString } from "../commands/transforms.ts";
import type { RespValue } from "../resp/types.ts";
import type { ConnectionReadyOptions } from "./ready_options.ts";
import { MessageQueue } from "./message_queue.ts";

/** One command seen by MONITOR. */
export interface MonitorEvent {
  /** Unix time in seconds, with microseconds. */
  time: number;
  /** The database it ran in. */
  db: number;
  /** Who sent it: `ip:port`, `unix:/path`, or `lua` for scripts. */
  client: string;
  /** The command and its arguments. */
  args: string[];
  /** The line as the server sent it. */
  raw: string;
}

/** The backslash escapes of MONITOR lines (a Map: the letter comes from the server). */
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
  ["a", "\x07"],
  ["b", "\b"],
]);

/** Parse `1700000000.123456 [0 127.0.0.1:5555] "SET" "k" "v\\"x"`. */
export function parseMonitorLine(raw: string): MonitorEvent {
  const open = raw.indexOf("[");
  const close = raw.indexOf("]", open);
  const [db, client = ""] = raw.slice(open + 1, close).split(" ");
  const args: string[] = [];
  let at = close + 1;
  while ((at = raw.indexOf('"', at)) !== -1) {
    let text = "";
    for (at++; at < raw.length && raw[at] !== '"'; at++) {
      if (raw[at] !== "\\") {
        text += raw[at];
        continue;
      }
      const next = raw[++at];
      if (next === undefined) break; // a line cut after a backslash
      if (next === "x") {
        text += String.fromCharCode(parseInt(raw.slice(at + 1, at + 3), 16));
        at += 2;
      } else {
        text += ESCAPES.get(next) ?? next;
      }
    }
    args.push(text);
    at++;
  }
  return { time: Number(raw.slice(0, open).trim()), db: Number(db), client, args, raw };
}

/**
 * The commands the server runs, as they run. Iterate with `for await`;
 * `close()` (or `break`, or `await using`) ends it and its connection.
 *
 * @example
 * ```ts
 * await using monitor = await redis.monitor();
 * for await (const { client, args } of monitor) console.log(client, args.join(" "));
 * ```
 */
export class Monitor implements AsyncIterable<MonitorEvent>, AsyncDisposable {
  readonly #events = new MessageQueue<MonitorEvent>();
  #connection: Connection | undefined;

  /** @internal Use `redis.monitor()`. */
  static async open(options: ConnectionReadyOptions): Promise<Monitor> {
    const monitor = new Monitor();
    const { connection } = await openConnection({
      ...options,
      monitor: true,
      onPush: ([line]) => monitor.#receive(line),
      onClose: () => monitor.#events.end(),
    });
    monitor.#connection = connection;
    await connection.send(commandRequest(["MONITOR"]));
    // Events may come at any time: keep the process alive until `close()`.
    connection.holdProcess("always");
    return monitor;
  }

  /**
   * Stop monitoring and close the connection.
   *
   * @example
   * ```ts
   * await monitor.close();
   * ```
   */
  close(): Promise<void> {
    this.#events.end();
    this.#connection?.destroy();
    return Promise.resolve();
  }

  /** Close at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Iterate over the commands until `close()`; `break` closes. */
  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    return this.#events.iterate(() => this.close());
  }

  #receive(line: RespValue): void {
    this.#events.push(parseMonitorLine(asString(line)));
  }
}
