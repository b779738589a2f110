/**
 * A queue of messages read by `for await`: messages pushed while nobody
 * waits are buffered (the oldest dropped past a limit); `end()` finishes
 * every iteration.
 *
 * @module
 */

/**
 * Buffers pushed values for one async iterator at a time.
 *
 * @example
 * ```ts
 * const queue = new MessageQueue<string>(100);
 * queue.push("a");
 * queue.end();
 * for await (const value of queue.iterate(async () => {})) console.log(value); // "a"
 * ```
 */
export class MessageQueue<T> {
  readonly #buffer: T[] = [];
  readonly #limit: number;
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #ended = false;

  /** @param limit Most values kept while nobody reads; older ones are dropped. */
  constructor(limit = Infinity) {
    this.#limit = limit;
  }

  /** Whether `end()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Hand a value to the waiting reader, or buffer it. */
  push(value: T): void {
    const waiting = this.#waiting;
    if (waiting !== undefined) {
      this.#waiting = undefined;
      waiting({ value, done: false });
      return;
    }
    if (this.#buffer.length >= this.#limit) this.#buffer.shift();
    this.#buffer.push(value);
  }

  /** No more values: a waiting reader finishes, later ones get what is buffered, then finish. */
  end(): void {
    this.#ended = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  /** An async iterable over the values; `onReturn` runs when the loop is left early (`break`). */
  iterate(onReturn: () => Promise<void>): AsyncIterableIterator<T> {
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        const buffered = this.#buffer.shift();
        if (buffered !== undefined) return Promise.resolve({ value: buffered, done: false });
        if (this.#ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.#waiting = resolve);
      },
      return: async () => {
        await onReturn();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
