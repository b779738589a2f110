/**
 * Finds the current master (or a replica) of a Sentinel-managed set: asks
 * the sentinels in turn, learns the others from them, checks the server's
 * ROLE after connecting, and watches `+switch-master` so that the client
 * moves at once when the sentinels fail over.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import { openConnection } from "../conn/open_connection.ts";
import { commandRequest } from "../conn/command_request.ts";
import { unrefTimer } from "../conn/lifecycle.ts";
import { asString, toRecord } from "../commands/transforms.ts";
import { ConnectionError, DataError } from "../errors/errors.ts";
import { describeValue } from "../commands/validate.ts";
import type { RespValue } from "../resp/types.ts";
import type { ResolvedSentinelOptions } from "./sentinel_options.ts";
import { parseAddress } from "../conn/address.ts";

interface Address {
  host: string;
  port: number;
}

/**
 * Resolves the address of the role asked for. One per client.
 *
 * @example
 * ```ts
 * const resolver = new SentinelResolver({ name: "mymaster", sentinels: ["127.0.0.1:26379"] }, 2000);
 * await resolver.resolve(); // { host: "127.0.0.1", port: 6379 }
 * ```
 */
export class SentinelResolver {
  readonly #options: ResolvedSentinelOptions;
  readonly #timeout: number;
  #sentinels: Address[];
  /** The sentinels' pub/sub connections, by address (`undefined` while opening). */
  readonly #watching = new Map<string, Connection | undefined>();
  #closed = false;
  /** Set while the sentinels fail over: addresses are not resolved until it settles. */
  #failover: { done: Promise<void>; finish(): void } | undefined;

  /**
   * Check the options (DataError) and remember the seed sentinels.
   * @param options The sentinel settings.
   * @param timeout Milliseconds for each sentinel connection and question.
   */
  constructor(options: ResolvedSentinelOptions, timeout: number) {
    if (typeof options !== "object" || options === null || typeof options.name !== "string") {
      throw new DataError("sentinel: expected { name, sentinels }");
    }
    if (!Array.isArray(options.sentinels) || options.sentinels.length === 0) {
      throw new DataError("sentinel.sentinels: expected at least one sentinel");
    }
    if (options.role !== undefined && options.role !== "master" && options.role !== "replica") {
      throw new DataError(
        `sentinel.role: expected "master" or "replica", got ${describeValue(options.role)}`,
      );
    }
    this.#options = options;
    this.#timeout = timeout;
    this.#sentinels = options.sentinels.map((sentinel, i) => {
      const address = typeof sentinel === "string"
        ? (sentinel.includes(":") ? parseAddress(sentinel) : undefined)
        : typeof sentinel === "object" && sentinel !== null
        ? { host: sentinel.host ?? "127.0.0.1", port: sentinel.port }
        : undefined;
      if (
        address === undefined || typeof address.host !== "string" || address.host === "" ||
        !Number.isInteger(address.port) || address.port < 1 || address.port > 65535
      ) {
        throw new DataError(
          `sentinel.sentinels[${i}]: expected "host:port" or { host?, port } with a port from 1 to 65535`,
        );
      }
      return address;
    });
  }

  /** The sentinels known now (the seeds and those learnt). */
  get sentinels(): readonly Address[] {
    return this.#sentinels;
  }

  /**
   * The address of the master (or of a healthy replica), from the first
   * sentinel that knows it. The answering sentinel moves to the front and
   * the ones it knows are added.
   */
  async resolve(): Promise<Address> {
    await this.#failover?.done;
    const errors: string[] = [];
    for (const sentinel of [...this.#sentinels]) {
      let connection: Connection | undefined;
      try {
        connection = await this.#open(sentinel);
        const address = await this.#ask(connection);
        await this.#learn(connection);
        this.#sentinels = [sentinel, ...this.#sentinels.filter((s) => s !== sentinel)];
        return address;
      } catch (error) {
        errors.push(`${sentinel.host}:${sentinel.port}: ${(error as Error).message}`);
      } finally {
        connection?.destroy();
      }
    }
    throw new ConnectionError(
      `no sentinel gave the ${this.#options.role ?? "master"} of "${this.#options.name}" (${
        errors.join("; ")
      })`,
    );
  }

  /**
   * Fail a connection whose server does not have the role asked for (a
   * stale answer); the error names the server.
   */
  async verify(connection: Connection): Promise<void> {
    const address = connection.address;
    const role = asString(((await connection.send(commandRequest(["ROLE"]))) as RespValue[])[0]);
    const wanted = this.#options.role === "replica" ? "slave" : "master";
    if (role !== wanted) {
      throw new ConnectionError(`${address} is a ${role}, not the ${wanted} the sentinels named`);
    }
  }

  /**
   * Follow the sentinels' failovers of this name: `onChange` is called when
   * one starts (the replica is being promoted: from then on the old master
   * may take writes that the new one will not have, so the client should
   * stop writing to it) and when `+switch-master` names the new master.
   * Between the two, {@link SentinelResolver.resolve} waits (up to
   * `maxFailover` ms). Listens on every known sentinel, again a second
   * after a lost one.
   */
  async watch(onChange: () => void, maxFailover = 10_000): Promise<void> {
    // Every sentinel: only the one leading a failover announces its start.
    await Promise.all(
      this.#sentinels.map((sentinel) => this.#watchOne(sentinel, onChange, maxFailover)),
    );
  }

  async #watchOne(sentinel: Address, onChange: () => void, maxFailover: number): Promise<void> {
    const key = `${sentinel.host}:${sentinel.port}`;
    if (this.#closed || this.#watching.has(key)) return;
    this.#watching.set(key, undefined);
    try {
      const connection = await this.#open(sentinel, {
        // Watching is background work: it never keeps the process alive.
        background: true,
        pubsub: true,
        onPush: (frame) => {
          if (asString(frame[0]) !== "message") return;
          const channel = asString(frame[1]);
          const words = asString(frame[2]).split(" ");
          if (channel === "+switch-master" && words[0] === this.#options.name) {
            this.#failover?.finish();
            onChange();
          } else if (
            channel === "+failover-state-send-slaveof-noone" &&
            words[words.indexOf("@") + 1] === this.#options.name && this.#failover === undefined
          ) {
            this.#holdResolution(maxFailover);
            onChange();
          }
        },
        onClose: () => {
          this.#watching.delete(key);
          if (!this.#closed) {
            unrefTimer(
              setTimeout(() => void this.#watchOne(sentinel, onChange, maxFailover), 1000),
            );
          }
        },
      });
      connection.sendOneway(["SUBSCRIBE", "+switch-master", "+failover-state-send-slaveof-noone"]);
      if (this.#closed) connection.destroy();
      else this.#watching.set(key, connection);
    } catch {
      this.#watching.delete(key);
    }
  }

  #holdResolution(maxFailover: number): void {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => finish = resolve);
    const timer = setTimeout(() => hold.finish(), maxFailover);
    const hold = {
      done,
      finish: () => {
        clearTimeout(timer);
        if (this.#failover === hold) this.#failover = undefined;
        finish();
      },
    };
    this.#failover = hold;
  }

  /** Stop watching. */
  close(): void {
    this.#closed = true;
    this.#failover?.finish();
    for (const connection of this.#watching.values()) connection?.destroy();
    this.#watching.clear();
  }

  async #open(
    sentinel: Address,
    extra: {
      pubsub?: boolean;
      background?: boolean;
      onPush?: (frame: RespValue[]) => void;
      onClose?: () => void;
    } = {},
  ): Promise<Connection> {
    const { connection } = await openConnection({
      host: sentinel.host,
      port: sentinel.port,
      tls: this.#options.tls,
      username: this.#options.username,
      credentials: this.#options.credentials,
      db: 0,
      protocol: 3,
      connectTimeout: this.#timeout,
      commandTimeout: this.#timeout,
      ...extra,
    });
    return connection;
  }

  async #ask(connection: Connection): Promise<Address> {
    const name = this.#options.name;
    if (this.#options.role === "replica") {
      const replicas =
        (await connection.send(commandRequest(["SENTINEL", "REPLICAS", name]))) as RespValue[];
      const healthy = replicas.map(toRecord).filter((replica) =>
        !/s_down|o_down|disconnected/.test(asString(replica.flags ?? ""))
      );
      if (healthy.length === 0) throw new ConnectionError(`no healthy replica of "${name}"`);
      const pick = healthy[Math.floor(Math.random() * healthy.length)];
      return { host: asString(pick.ip), port: Number(asString(pick.port)) };
    }
    const reply = await connection.send(
      commandRequest(["SENTINEL", "GET-MASTER-ADDR-BY-NAME", name]),
    );
    if (reply === null) throw new ConnectionError(`the sentinel does not know "${name}"`);
    const [host, port] = reply as RespValue[];
    return { host: asString(host), port: Number(asString(port)) };
  }

  async #learn(connection: Connection): Promise<void> {
    const others = (await connection.send(
      commandRequest(["SENTINEL", "SENTINELS", this.#options.name]),
    )) as RespValue[];
    for (const other of others.map(toRecord)) {
      if (other.ip === undefined) continue;
      const host = asString(other.ip);
      const port = Number(asString(other.port));
      if (!Number.isInteger(port)) continue;
      if (!this.#sentinels.some((s) => s.host === host && s.port === port)) {
        this.#sentinels.push({ host, port });
      }
    }
  }
}
