/**
 * A credentials stream that several clients can read (a client and its
 * duplicates): the source is read once, and each reader gets the newest
 * value seen so far, then every later one. An async generator, read by two
 * loops, would otherwise give each value to one of them only.
 *
 * @module
 */

/** The streams made here: shared already, not to be wrapped again. */
const SHARED = new WeakSet<object>();

/**
 * `source` made readable by any number of readers. Reading starts with the
 * first reader; each reader gets the newest value seen so far (if any), then
 * each later one (a slow reader skips to the newest), and the source's end
 * or failure. A stream made here is given back as it is.
 *
 * @example
 * ```ts
 * const shared = sharedStream(tokens());
 * const a = new Redis({ credentials: shared });
 * const b = new Redis({ credentials: shared }); // both follow tokens()
 * ```
 */
export function sharedStream<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  if (SHARED.has(source)) return source;
  let started = false;
  let version = 0;
  let latest: T | undefined;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void)[] = [];
  const notify = () => {
    const waiting = wake;
    wake = [];
    for (const resolve of waiting) resolve();
  };
  const start = () => {
    if (started) return;
    started = true;
    (async () => {
      for await (const value of source) {
        latest = value;
        version++;
        notify();
      }
    })().then(
      () => {
        ended = true;
        notify();
      },
      (error) => {
        failure = { error };
        ended = true;
        notify();
      },
    );
  };
  const shared: AsyncIterable<T> = {
    async *[Symbol.asyncIterator]() {
      start();
      let seen = 0;
      for (;;) {
        if (version > seen) {
          seen = version;
          yield latest as T;
        } else if (ended) {
          if (failure !== undefined) throw failure.error;
          return;
        } else {
          await new Promise<void>((resolve) => wake.push(resolve));
        }
      }
    },
  };
  SHARED.add(shared);
  return shared;
}
