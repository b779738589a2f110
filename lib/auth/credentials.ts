/**
 * Credentials for AUTH and HELLO, and the providers that give them: a
 * function asked at every (re)connection, or a static password kept in a
 * closure.
 *
 * @module
 */

/**
 * Credentials for AUTH: a user (default: `default`) and a password or token.
 *
 * @example
 * ```ts
 * const credentials: Credentials = { username: "app", password: "s3cret" };
 * ```
 */
export interface Credentials {
  /** The ACL user; `default` when absent. */
  username?: string;
  /** The password or token. */
  password: string;
}

/**
 * Returns the credentials to use, at each (re)connection: for rotating
 * passwords and tokens.
 *
 * @example
 * ```ts
 * const provider: CredentialsProvider = async () => ({ password: await fetchToken() });
 * ```
 */
export type CredentialsProvider = () => Credentials | Promise<Credentials>;

/**
 * The credentials of a static password as a provider: a closure, so that
 * the password is in no property of the options that hold it (nothing an
 * inspector, `JSON.stringify` or a property walk can reach). Synchronous,
 * so that the blocking client can use it too.
 *
 * @example
 * ```ts
 * const provider = staticCredentials("app", "s3cret");
 * provider(); // { username: "app", password: "s3cret" }
 * ```
 */
export function staticCredentials(
  username: string | undefined,
  password: string,
): () => Credentials {
  return () => ({ username, password });
}
