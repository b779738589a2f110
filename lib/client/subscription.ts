/**
 * Subscriptions: the messages of some channels, patterns or shard channels,
 * as an async iterable and to listeners.
 *
 * @module
 */

import { MessageQueue } from "./message_queue.ts";

/** The three kinds of subscription. */
export type SubscriptionKind = "channel" | "pattern" | "shard";

/** A message received by a subscription. */
export interface PubSubMessage {
  /** `message` (channel), `pmessage` (pattern) or `smessage` (shard channel). */
  kind: "message" | "pmessage" | "smessage";
  /** The channel it was published to. */
  channel: string;
  /** The pattern that matched, for `pmessage`. */
  pattern?: string;
  /** The payload. */
  message: string;
}

/** What a subscription needs from the client's subscriber. */
export interface SubscriptionOwner {
  /** Stop delivering `names` of `kind` to `subscription`; unsubscribes on the server when nobody else wants them. */
  remove(subscription: Subscription, kind: SubscriptionKind, names: string[]): Promise<void>;
}

/**
 * Messages of the channels (or patterns, or shard channels) it subscribed
 * to. Read them with `for await`, or with listeners; `unsubscribe` some or
 * all names; `await using` unsubscribes at the end of the block. Messages
 * that arrive while nobody is iterating are buffered (`maxBuffered`, then
 * the oldest are dropped).
 *
 * @example
 * ```ts
 * await using sub = await redis.subscribe("news");
 * for await (const { channel, message } of sub) {
 *   console.log(channel, message);
 *   if (message === "bye") break;
 * }
 * ```
 */
export class Subscription implements AsyncIterable<PubSubMessage>, AsyncDisposable {
  /** What this subscription listens to. */
  readonly kind: SubscriptionKind;
  readonly #names: Set<string>;
  readonly #owner: SubscriptionOwner;
  readonly #listeners = new Set<(message: PubSubMessage) => void>();
  readonly #messages: MessageQueue<PubSubMessage>;

  /** @internal Made by `redis.subscribe()` and its kin. */
  constructor(
    owner: SubscriptionOwner,
    kind: SubscriptionKind,
    names: string[],
    maxBuffered = 10_000,
  ) {
    this.#owner = owner;
    this.kind = kind;
    this.#names = new Set(names);
    this.#messages = new MessageQueue(maxBuffered);
  }

  /** The channels, patterns or shard channels still subscribed. */
  get names(): string[] {
    return [...this.#names];
  }

  /** Whether the subscription has ended (all names unsubscribed). */
  get closed(): boolean {
    return this.#messages.ended;
  }

  /**
   * Call `listener` for every message (as well as iterating, if you like).
   * Returns a function that removes it.
   *
   * @example
   * ```ts
   * const stop = sub.addListener((m) => console.log(m.message));
   * stop();
   * ```
   */
  addListener(listener: (message: PubSubMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Stop listening to some names, or to all of them (which ends the
   * subscription and its iterators).
   *
   * @example
   * ```ts
   * await sub.unsubscribe("news"); // the other channels stay
   * await sub.unsubscribe(); // all
   * ```
   */
  async unsubscribe(...names: string[]): Promise<void> {
    const leaving = names.length === 0 ? [...this.#names] : names.filter((n) => this.#names.has(n));
    for (const name of leaving) this.#names.delete(name);
    if (this.#names.size === 0) this.#messages.end();
    if (leaving.length > 0) await this.#owner.remove(this, this.kind, leaving);
  }

  /** Unsubscribe from everything at the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.unsubscribe();
  }

  /** @internal Whether this subscription wants messages of `name`. */
  wants(name: string): boolean {
    return this.#names.has(name);
  }

  /** @internal Deliver a message. */
  deliver(message: PubSubMessage): void {
    for (const listener of this.#listeners) listener(message);
    this.#messages.push(message);
  }

  /**
   * Iterate over messages until the subscription ends; `break` ends the
   * loop and unsubscribes.
   */
  [Symbol.asyncIterator](): AsyncIterator<PubSubMessage> {
    return this.#messages.iterate(() => this.unsubscribe());
  }
}
