/**
 * Credentials that change over time, read from an async iterable: the
 * newest value serves every new connection, and each new value after the
 * first is announced so that live connections re-authenticate.
 *
 * @module
 */
import type { Credentials } from "./credentials.ts";
import { DataError } from "../errors/errors.ts";
import { checkCredentials } from "./check_credentials.ts";

const YIELDED = "the credentials stream yielded";

/**
 * Follows a stream of credentials. A value that is not
 * `{ username?, password }` is a {@link DataError}: the first value's fails
 * {@link CredentialStream.current} (until a good value comes), a later
 * one's goes to `onError` and the previous credentials stay in use.
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
  readonly #onError: (error: unknown) => void;
  #latest: Credentials | undefined;
  #first: Promise<Credentials> | undefined;

  /**
   * Follow `source`; `onRotate` gets every value after the first.
   * @param source The credentials, newest last.
   * @param onRotate Called with each new value after the first.
   * @param onError Told of a bad value, or of the stream's failure, once the
   *   first credentials were given (before that, `current()` rejects).
   */
  constructor(
    source: AsyncIterable<Credentials>,
    onRotate: (credentials: Credentials) => void,
    onError: (error: unknown) => void = () => {},
  ) {
    this.#source = source;
    this.#onRotate = onRotate;
    this.#onError = onError;
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
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) this.#onError(error);
        else {
          settled = true;
          reject(error);
        }
      };
      (async () => {
        for await (const value of this.#source as AsyncIterable<unknown>) {
          let credentials: Credentials;
          try {
            credentials = checkCredentials(value, YIELDED);
          } catch (error) {
            fail(error);
            continue;
          }
          const rotated = this.#latest !== undefined;
          this.#latest = credentials;
          if (!settled) {
            settled = true;
            resolve(credentials);
          } else if (rotated) this.#onRotate(credentials);
        }
        if (this.#latest === undefined) {
          fail(new DataError("credentials: the credentials stream ended without a value"));
        }
      })().catch(fail);
    });
  }
}
