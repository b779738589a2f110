/**
 * Subscriptions: the messages of some channels, patterns or shard channels,
 * as an async iterable and to listeners.
 *
 * @module
 */

import { asString } from "../commands/transforms.ts";
import type { RespValue } from "../resp/types.ts";
import { MessageQueue } from "./message_queue.ts";

const utf8 = new TextEncoder();

/** The three kinds of subscription. */
export type SubscriptionKind = "channel" | "pattern" | "shard";

/**
 * A message received by a subscription; `message` is a `Uint8Array` for a
 * subscription made with `{ bytes: true }`.
 */
export interface PubSubMessage<M extends string | Uint8Array = string> {
  /** `message` (channel), `pmessage` (pattern) or `smessage` (shard channel). */
  kind: "message" | "pmessage" | "smessage";
  /** The channel it was published to. */
  channel: string;
  /** The pattern that matched, for `pmessage`. */
  pattern?: string;
  /** The payload. */
  message: M;
}

/** Options of `subscribe`, `psubscribe` and `ssubscribe` given a list of names. */
export interface SubscribeOptions {
  /** Messages as `Uint8Array` (binary-safe) instead of strings. */
  bytes?: boolean;
}

/** What a subscription needs from the client's subscriber. */
export interface SubscriptionOwner {
  /** Stop delivering `names` of `kind` to `subscription`; unsubscribes on the server when nobody else wants them. */
  // deno-lint-ignore no-explicit-any
  remove(subscription: Subscription<any>, kind: SubscriptionKind, names: string[]): Promise<void>;
}

/** Messages kept while nobody iterates; older ones are dropped. */
const MAX_BUFFERED = 10_000;

/**
 * Messages of the channels (or patterns, or shard channels) it subscribed
 * to. Read them with `for await`, or with listeners; `unsubscribe` some or
 * all names; `await using` unsubscribes at the end of the block. Messages
 * that arrive while nobody is iterating are buffered, up to the newest
 * 10,000: beyond that the oldest are dropped (listeners get every message).
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
export class Subscription<M extends string | Uint8Array = string>
  implements AsyncIterable<PubSubMessage<M>>, AsyncDisposable {
  /** What this subscription listens to. */
  readonly kind: SubscriptionKind;
  /** Whether messages are `Uint8Array`s. */
  readonly bytes: boolean;
  readonly #names: Set<string>;
  #owner: SubscriptionOwner;
  readonly #listeners = new Set<(message: PubSubMessage<M>) => void>();
  readonly #messages: MessageQueue<PubSubMessage<M>>;

  /** @internal Made by `redis.subscribe()` and its kin. */
  constructor(
    owner: SubscriptionOwner,
    kind: SubscriptionKind,
    names: string[],
    bytes: boolean,
  ) {
    this.#owner = owner;
    this.kind = kind;
    this.bytes = bytes;
    this.#names = new Set(names);
    this.#messages = new MessageQueue(MAX_BUFFERED);
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
  addListener(listener: (message: PubSubMessage<M>) => void): () => void {
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

  /** @internal It is served by another subscriber now (a shard channel's slot moved). */
  moveTo(owner: SubscriptionOwner): void {
    this.#owner = owner;
  }

  /** @internal Whether this subscription wants messages of `name`. */
  wants(name: string): boolean {
    return this.#names.has(name);
  }

  /** @internal Deliver a message; its payload as received (text or bytes). */
  deliver(
    kind: PubSubMessage["kind"],
    channel: string,
    pattern: string | undefined,
    payload: RespValue,
  ): void {
    const message = {
      kind,
      channel,
      message:
        (this.bytes
          ? (payload instanceof Uint8Array ? payload : utf8.encode(asString(payload)))
          : asString(payload)) as M,
    } as PubSubMessage<M>;
    if (pattern !== undefined) message.pattern = pattern;
    for (const listener of this.#listeners) listener(message);
    this.#messages.push(message);
  }

  /**
   * Iterate over messages until the subscription ends; `break` ends the
   * loop and unsubscribes.
   */
  [Symbol.asyncIterator](): AsyncIterator<PubSubMessage<M>> {
    return this.#messages.iterate(() => this.unsubscribe());
  }
}
