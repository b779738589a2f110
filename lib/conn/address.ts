/**
 * Server addresses written as `host:port` (cluster nodes, sentinels): read
 * into a host and a port, and written back. The port is after the last
 * colon, so an IPv6 host keeps its own colons.
 *
 * @module
 */

/**
 * The host and port of a `host:port` address (the port after the last
 * colon, so IPv6 hosts keep theirs).
 *
 * @example
 * ```ts
 * parseAddress("127.0.0.1:7000"); // { host: "127.0.0.1", port: 7000 }
 * parseAddress("::1:7000"); // { host: "::1", port: 7000 }
 * ```
 */
export function parseAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/**
 * The `host:port` address of a host and a port, as {@link parseAddress} reads it.
 *
 * @example
 * ```ts
 * formatAddress("127.0.0.1", 7000); // "127.0.0.1:7000"
 * ```
 */
export function formatAddress(host: string, port: number): string {
  return `${host}:${port}`;
}
