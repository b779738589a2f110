/**
 * A first-in first-out queue over a ring buffer: `push` and `shift` are O(1)
 * and allocate nothing until the ring must grow (it doubles).
 *
 * @example
 * ```ts
 * const queue = new ReplyQueue<string>();
 * queue.push("a");
 * queue.push("b");
 * queue.shift(); // "a"
 * queue.length; // 1
 * ```
 */
export class ReplyQueue<T> {
  #ring: (T | undefined)[] = new Array(16);
  #mask = 15;
  #head = 0;
  #length = 0;

  /** How many items are queued. */
  get length(): number {
    return this.#length;
  }

  /** Add an item at the tail. */
  push(item: T): void {
    if (this.#length === this.#ring.length) this.#grow();
    this.#ring[(this.#head + this.#length) & this.#mask] = item;
    this.#length++;
  }

  /** Remove and return the item at the head, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#ring[this.#head];
    this.#ring[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#length--;
    return item;
  }

  /** The item `index` places behind the head (0 is the head), without removing it. */
  at(index: number): T | undefined {
    return index < this.#length ? this.#ring[(this.#head + index) & this.#mask] : undefined;
  }

  #grow(): void {
    const size = this.#ring.length;
    const ring = new Array<T | undefined>(size * 2);
    for (let i = 0; i < size; i++) ring[i] = this.#ring[(this.#head + i) & this.#mask];
    this.#ring = ring;
    this.#mask = size * 2 - 1;
    this.#head = 0;
  }
}
