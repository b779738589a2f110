/**
 * Credentials that change over time, read from an async iterable: the
 * newest value serves every new connection, and each new value after the
 * first is announced so that live connections re-authenticate.
 *
 * @module
 */
import type { Credentials } from "../conn/open_connection.ts";

/**
 * Follows a stream of credentials.
 *
 * @example
 * ```ts
 * const stream = new CredentialStream(tokens(), (next) => reauthenticate(next));
 * const first = await stream.current();
 * ```
 */
export class CredentialStream {
  readonly #source: AsyncIterable<Credentials>;
  readonly #onRotate: (credentials: Credentials) => void;
  #latest: Credentials | undefined;
  #first: Promise<Credentials> | undefined;

  /**
   * Follow `source`; `onRotate` gets every value after the first.
   * @param source The credentials, newest last.
   * @param onRotate Called with each new value after the first.
   */
  constructor(source: AsyncIterable<Credentials>, onRotate: (credentials: Credentials) => void) {
    this.#source = source;
    this.#onRotate = onRotate;
  }

  /** The newest credentials; waits for the first value once. */
  current(): Promise<Credentials> {
    if (this.#latest !== undefined) return Promise.resolve(this.#latest);
    this.#first ??= this.#follow();
    return this.#first;
  }

  /** Read the source in the background; resolves with its first value. */
  #follow(): Promise<Credentials> {
    return new Promise((resolve, reject) => {
      (async () => {
        let first = true;
        for await (const credentials of this.#source) {
          this.#latest = credentials;
          if (first) {
            first = false;
            resolve(credentials);
          } else this.#onRotate(credentials);
        }
        if (first) reject(new Error("the credentials stream ended without a value"));
      })().catch(reject);
    });
  }
}
