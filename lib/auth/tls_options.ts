/**
 * TLS settings, and the hiding place of their private key: options keep a
 * copy without the key, which only {@link tlsKey} can read back.
 *
 * @module
 */

/**
 * TLS settings for a connection. Paths are not read here: pass PEM text.
 *
 * @example
 * ```ts
 * const tls: TlsOptions = { ca: Deno.readTextFileSync("ca.pem"), servername: "redis.internal" };
 * ```
 */
export interface TlsOptions {
  /** PEM-encoded CA certificates to trust instead of the system store. */
  ca?: string | string[];
  /** PEM-encoded client certificate chain, for mutual TLS. */
  cert?: string;
  /** PEM-encoded private key of `cert`. */
  key?: string;
  /** Server name for SNI and certificate checks; defaults to the host. */
  servername?: string;
  /** Verify the server's certificate. Default: `true`. */
  rejectUnauthorized?: boolean;
}

/** Private keys of TLS options made by {@link hideTlsKey}, out of reach of any inspector. */
const privateKeys = new WeakMap<TlsOptions, string>();

/**
 * A copy of `tls` without its private key, which only {@link tlsKey} can
 * read: no inspection of a client (`Deno.inspect`, `util.inspect` with
 * hidden properties and getters) reaches it.
 *
 * @example
 * ```ts
 * const tls = hideTlsKey({ cert, key });
 * tls.key; // undefined
 * tlsKey(tls); // the key
 * ```
 */
export function hideTlsKey(tls: TlsOptions): TlsOptions {
  const { key, ...rest } = tls;
  if (key !== undefined) privateKeys.set(rest, key);
  return rest;
}

/**
 * The private key of TLS options, hidden or not.
 *
 * @example
 * ```ts
 * tlsKey(hideTlsKey({ key: "-----BEGIN PRIVATE KEY-----…" })); // the key
 * ```
 */
export function tlsKey(tls: TlsOptions): string | undefined {
  return privateKeys.get(tls) ?? tls.key;
}
