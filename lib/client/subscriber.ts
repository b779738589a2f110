/**
 * The client's one subscriber connection, shared by all its subscriptions:
 * it (un)subscribes on the server as subscriptions come and go, routes
 * messages to them, and after a lost connection reconnects and subscribes
 * to everything again.
 *
 * @module
 */
import type { Connection } from "../conn/connection.ts";
import { openConnection } from "../conn/open_connection.ts";
import { asString } from "../commands/transforms.ts";
import { ClientClosedError, ConnectionError, TimeoutError } from "../errors/errors.ts";
import type { RespValue } from "../resp/types.ts";
import type { ConnectionReadyOptions } from "./ready_options.ts";
import { Subscription, type SubscriptionKind } from "./subscription.ts";

// deno-lint-ignore no-explicit-any
type AnySubscription = Subscription<any>;

const COMMANDS: Record<SubscriptionKind, { subscribe: string[]; unsubscribe: string[] }> = {
  channel: { subscribe: ["SUBSCRIBE"], unsubscribe: ["UNSUBSCRIBE"] },
  pattern: { subscribe: ["PSUBSCRIBE"], unsubscribe: ["PUNSUBSCRIBE"] },
  shard: { subscribe: ["SSUBSCRIBE"], unsubscribe: ["SUNSUBSCRIBE"] },
};

/**
 * The confirmation frames, and the key their waiters are filed under
 * (`kind:name`, `-kind:name`). A Map: the frame's first word comes from the
 * server.
 */
const CONFIRMATIONS: ReadonlyMap<string, string> = new Map([
  ["subscribe", "channel"],
  ["psubscribe", "pattern"],
  ["ssubscribe", "shard"],
  ["unsubscribe", "-channel"],
  ["punsubscribe", "-pattern"],
  ["sunsubscribe", "-shard"],
]);

/** How long to wait before reconnecting after the subscriber connection was lost. */
const RECONNECT_DELAYS = [50, 200, 1000];

interface Confirmation {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Owns the subscriber connection of one client.
 *
 * @example
 * ```ts
 * const subscriber = new Subscriber(options);
 * const sub = await subscriber.subscribe("channel", ["news"]);
 * ```
 */
export class Subscriber {
  readonly #options: ConnectionReadyOptions;
  readonly #subscriptions: Record<SubscriptionKind, Map<string, Set<AnySubscription>>> = {
    channel: new Map(),
    pattern: new Map(),
    shard: new Map(),
  };
  readonly #confirmations = new Map<string, Confirmation[]>();
  #connection: Promise<Connection> | undefined;
  #closed = false;
  /** Told when the server moved a shard channel away (see `#movedAway`). */
  onShardMoved: ((name: string, subscriptions: AnySubscription[]) => void) | undefined;

  /** @param options The client's resolved options. */
  constructor(options: ConnectionReadyOptions) {
    this.#options = options;
  }

  /** Subscribe to `names`; resolves once the server confirmed each. */
  async subscribe<M extends string | Uint8Array>(
    kind: SubscriptionKind,
    names: string[],
    bytes: boolean,
  ): Promise<Subscription<M>> {
    if (this.#closed) throw new ClientClosedError("the client is closed");
    const subscription = new Subscription<M>(this, kind, names, bytes);
    const table = this.#subscriptions[kind];
    const fresh = names.filter((name) => !table.has(name));
    for (const name of names) {
      let set = table.get(name);
      if (set === undefined) table.set(name, set = new Set());
      set.add(subscription);
    }
    this.#updateHold();
    if (fresh.length > 0) {
      const connection = await this.#connect();
      await this.#subscribeOn(connection, kind, fresh);
    }
    return subscription;
  }

  /** Whether any name is subscribed: then the connection keeps the process alive. */
  #live(): boolean {
    const { channel, pattern, shard } = this.#subscriptions;
    return channel.size > 0 || pattern.size > 0 || shard.size > 0;
  }

  /** Keep the process alive while a subscription is live, and only then. */
  #updateHold(): void {
    this.#connection?.then(
      (connection) => connection.holdProcess(this.#live() ? "always" : "pending"),
      () => {},
    );
  }

  /** Stop delivering `names` to `subscription`; unsubscribe those nobody wants any more. */
  async remove(
    subscription: AnySubscription,
    kind: SubscriptionKind,
    names: string[],
  ): Promise<void> {
    const table = this.#subscriptions[kind];
    const unwanted: string[] = [];
    for (const name of names) {
      const set = table.get(name);
      if (set === undefined) continue;
      set.delete(subscription);
      if (set.size === 0) {
        table.delete(name);
        unwanted.push(name);
      }
    }
    if (unwanted.length === 0 || this.#connection === undefined) return this.#updateHold();
    const connection = await this.#connection.catch(() => undefined);
    if (!connection?.isOpen) return;
    try {
      // Resolve once the server confirmed: a PUBLISH after this no longer reaches us.
      await this.#sendConfirmed(
        connection,
        [...COMMANDS[kind].unsubscribe, ...unwanted],
        `-${kind}`,
        unwanted,
      );
    } finally {
      // Held until then: the confirmation is awaited (also without a timeout).
      this.#updateHold();
    }
  }

  /** Close the subscriber connection; subscriptions end. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#rejectConfirmations(new ClientClosedError("the client was closed"));
    const connection = await this.#connection?.catch(() => undefined);
    connection?.destroy();
    for (const table of Object.values(this.#subscriptions)) {
      for (const set of table.values()) {
        for (const subscription of set) void subscription.unsubscribe().catch(() => {});
      }
      table.clear();
    }
  }

  #connect(): Promise<Connection> {
    this.#connection ??= openConnection({
      ...this.#options,
      pubsub: true,
      // Payloads arrive as bytes; each subscription makes text of them or not.
      pushBytes: true,
      onPush: (frame) => this.#onFrame(frame),
      onClose: (error) => this.#lost(error),
    }).then(({ connection }) => {
      connection.holdProcess(this.#live() ? "always" : "pending");
      return connection;
    });
    this.#connection.catch(() => this.#connection = undefined);
    return this.#connection;
  }

  #subscribeOn(connection: Connection, kind: SubscriptionKind, names: string[]): Promise<void> {
    return this.#sendConfirmed(connection, [...COMMANDS[kind].subscribe, ...names], kind, names);
  }

  /** Send a (un)subscribe command; resolves when each name's confirmation frame came. */
  #sendConfirmed(
    connection: Connection,
    args: string[],
    prefix: string,
    names: string[],
  ): Promise<void> {
    const confirmed = names.map((name) =>
      new Promise<void>((resolve, reject) => {
        const key = `${prefix}:${name}`;
        const list = this.#confirmations.get(key) ?? [];
        list.push({ resolve, reject });
        this.#confirmations.set(key, list);
      })
    );
    connection.sendOneway(args);
    const timeout = this.#options.commandTimeout;
    if (timeout === 0) return Promise.all(confirmed).then(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TimeoutError(`no subscribe confirmation within ${timeout} ms`)),
        timeout,
      );
    });
    return Promise.race([Promise.all(confirmed), expired]).then(() => undefined).finally(() =>
      clearTimeout(timer)
    );
  }

  #onFrame(frame: RespValue[]): void {
    const kind = asString(frame[0]);
    if (kind === "message" || kind === "smessage") {
      const channel = asString(frame[1]);
      const set = this.#subscriptions[kind === "message" ? "channel" : "shard"].get(channel);
      if (set === undefined) return;
      for (const subscription of set) subscription.deliver(kind, channel, undefined, frame[2]);
    } else if (kind === "pmessage") {
      const pattern = asString(frame[1]);
      const set = this.#subscriptions.pattern.get(pattern);
      if (set === undefined) return;
      const channel = asString(frame[2]);
      for (const subscription of set) subscription.deliver(kind, channel, pattern, frame[3]);
    } else if (CONFIRMATIONS.has(kind)) {
      const name = asString(frame[1]);
      const key = `${CONFIRMATIONS.get(kind)}:${name}`;
      const waiting = this.#confirmations.get(key);
      const first = waiting?.shift();
      if (waiting?.length === 0) this.#confirmations.delete(key);
      if (first !== undefined) first.resolve();
      else if (kind === "sunsubscribe") this.#movedAway(name);
    }
  }

  /**
   * The server unsubscribed a shard channel by itself: its slot moved to
   * another node (Redis Cluster). The subscriptions leave this subscriber
   * and go to {@link Subscriber.onShardMoved}, which subscribes them where
   * the slot is now.
   */
  #movedAway(name: string): void {
    const set = this.#subscriptions.shard.get(name);
    if (set === undefined) return;
    this.#subscriptions.shard.delete(name);
    this.#updateHold();
    this.onShardMoved?.(name, [...set]);
  }

  /**
   * Take over `subscriptions` of shard channel `name` (moved from another
   * node's subscriber) and subscribe to it here.
   */
  async adopt(name: string, subscriptions: AnySubscription[]): Promise<void> {
    if (this.#closed) return;
    let set = this.#subscriptions.shard.get(name);
    const fresh = set === undefined;
    if (set === undefined) this.#subscriptions.shard.set(name, set = new Set());
    for (const subscription of subscriptions) {
      set.add(subscription);
      subscription.moveTo(this);
    }
    this.#updateHold();
    if (fresh) await this.#subscribeOn(await this.#connect(), "shard", [name]);
  }

  #rejectConfirmations(error: unknown): void {
    for (const list of this.#confirmations.values()) for (const { reject } of list) reject(error);
    this.#confirmations.clear();
  }

  /** The connection was lost: reconnect and subscribe to everything again. */
  #lost(error?: ConnectionError): void {
    this.#connection = undefined;
    if (this.#closed) return;
    this.#rejectConfirmations(error ?? new ConnectionError("the subscriber connection closed"));
    if (this.#live()) void this.#resubscribe(0);
  }

  /**
   * Reconnect and subscribe again, while any subscription is live (which
   * keeps the process alive meanwhile); once none is, stop.
   */
  async #resubscribe(attempt: number): Promise<void> {
    const delay = RECONNECT_DELAYS[Math.min(attempt, RECONNECT_DELAYS.length - 1)];
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.#closed || !this.#live()) return;
    try {
      const connection = await this.#connect();
      for (const kind of Object.keys(COMMANDS) as SubscriptionKind[]) {
        const names = [...this.#subscriptions[kind].keys()];
        if (names.length > 0) await this.#subscribeOn(connection, kind, names);
      }
    } catch {
      if (!this.#closed) void this.#resubscribe(attempt + 1);
    }
  }
}
