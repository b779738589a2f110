/**
 * The handshake as data, so that the async connection and the blocking
 * client run the same steps: HELLO 3 (with AUTH and SETNAME), or for RESP2
 * AUTH and CLIENT SETNAME; then SELECT and CLIENT SETINFO.
 *
 * @module
 */
import { ResponseError } from "../errors/errors.ts";
import type { RedisArg } from "../resp/types.ts";

/** The library name and version sent with `CLIENT SETINFO`. */
export const LIBRARY = { name: "keel", version: "0.1.0" } as const;

/** What the handshake needs to know. */
export interface HandshakeSettings {
  /** ACL user; `default` when only a password is given. */
  username?: string;
  /** Password or token; no AUTH without one. */
  password?: string;
  /** Name shown by `CLIENT LIST`. */
  clientName?: string;
  /** Database selected after connecting. */
  db: number;
  /** Send READONLY: a cluster replica then serves reads. */
  readOnly?: boolean;
}

/** A setup command, and whether its failure fails the handshake. */
export interface SetupCommand {
  /** The command. */
  args: RedisArg[];
  /** Its error is ignored (CLIENT SETINFO is unknown before Redis 7.2). */
  optional: boolean;
}

/**
 * `HELLO 3` with AUTH and SETNAME as needed.
 *
 * @example
 * ```ts
 * helloCommand({ password: "secret", db: 0 }); // ["HELLO", 3, "AUTH", "default", "secret"]
 * ```
 */
export function helloCommand(settings: HandshakeSettings): RedisArg[] {
  const hello: RedisArg[] = ["HELLO", 3];
  if (settings.password !== undefined) {
    hello.push("AUTH", settings.username ?? "default", settings.password);
  }
  if (settings.clientName !== undefined) hello.push("SETNAME", settings.clientName);
  return hello;
}

/**
 * Whether HELLO failed because the server only speaks RESP2 (older than
 * Redis 6, or HELLO renamed away): then the client falls back to RESP2.
 *
 * @example
 * ```ts
 * helloRefused(new ResponseError("ERR unknown command 'HELLO'")); // true
 * ```
 */
export function helloRefused(error: unknown): boolean {
  return error instanceof ResponseError && /unknown command|NOPROTO/i.test(error.message);
}

/**
 * The commands after HELLO (or instead of it, for RESP2), sent together.
 *
 * @example
 * ```ts
 * setupCommands(2, { password: "p", db: 1 }); // AUTH p, SELECT 1, CLIENT SETINFO ×2
 * ```
 */
export function setupCommands(protocol: 2 | 3, settings: HandshakeSettings): SetupCommand[] {
  const setup: SetupCommand[] = [];
  const required = (args: RedisArg[]) => setup.push({ args, optional: false });
  if (protocol === 2) {
    const { username, password, clientName } = settings;
    if (password !== undefined) {
      required(username === undefined ? ["AUTH", password] : ["AUTH", username, password]);
    }
    if (clientName !== undefined) required(["CLIENT", "SETNAME", clientName]);
  }
  if (settings.db !== 0) required(["SELECT", settings.db]);
  if (settings.readOnly) required(["READONLY"]);
  setup.push(
    { args: ["CLIENT", "SETINFO", "LIB-NAME", LIBRARY.name], optional: true },
    { args: ["CLIENT", "SETINFO", "LIB-VER", LIBRARY.version], optional: true },
  );
  return setup;
}
