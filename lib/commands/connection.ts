/**
 * Connection commands: PING, ECHO, AUTH, HELLO, SELECT, RESET, QUIT and CLIENT ….
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg } from "../resp/types.ts";
import {
  assertClientId,
  count,
  fieldsOf,
  integer,
  listOf,
  status,
  text,
  texts,
  toModuleInfo,
} from "./admin_shapes.ts";
import type { ModuleInfo } from "./admin_shapes.ts";
export type { ModuleInfo };
import { CommandBase, type Mode, type Reply, type Text } from "./command_base.ts";
import { type Integer, toCount, toInteger, toOk, toText, toTextOrNull } from "./replies.ts";
import { emptyRecord, toStrings } from "./transforms.ts";
import {
  assertExclusive,
  assertInteger,
  assertNotEmpty,
  assertOptions,
  describeValue,
  optionKeys,
} from "./validate.ts";

/** Which connections `clientKill` closes: all the given filters must match. */
export interface ClientKillFilters {
  /** Client id, or several (as `clientId()` returns them). */
  id?: Integer | Integer[];
  /** Connection type. */
  type?: "normal" | "master" | "replica" | "pubsub";
  /** ACL user. */
  user?: RedisArg;
  /** Client address, `ip:port`. */
  addr?: RedisArg;
  /** Local (server side) address, `ip:port`. */
  laddr?: RedisArg;
  /** Whether the calling connection may be killed too (server default: no). */
  skipme?: boolean;
  /** Only connections older than this many seconds (Redis 7.4+). */
  maxage?: number;
}

const CLIENT_KILL_KEYS = optionKeys<ClientKillFilters>({
  id: true,
  type: true,
  user: true,
  addr: true,
  laddr: true,
  skipme: true,
  maxage: true,
});

/** Options of `clientTracking`. */
export interface ClientTrackingOptions {
  /** Send invalidations to this client id instead. */
  redirect?: Integer;
  /** Broadcast mode: track every key with these prefixes. */
  prefix?: RedisArg[];
  /** Broadcast mode. */
  bcast?: boolean;
  /** Track only keys read after `clientCaching(true)`. */
  optin?: boolean;
  /** Track keys except those read after `clientCaching(false)`. */
  optout?: boolean;
  /** No invalidations for keys this connection modified itself. */
  noloop?: boolean;
}

const CLIENT_TRACKING_KEYS = optionKeys<ClientTrackingOptions>({
  redirect: true,
  prefix: true,
  bcast: true,
  optin: true,
  optout: true,
  noloop: true,
});

/**
 * Options of `HELLO` (they need a protocol version).
 *
 * @example
 * ```ts
 * const options: HelloOptions = { setname: "worker-1" };
 * await redis.hello(3, options);
 * ```
 */
export type HelloOptions = {
  auth?: { username: RedisArg; password: RedisArg };
  setname?: RedisArg;
};
const HELLO_KEYS = optionKeys<HelloOptions>({ auth: true, setname: true });
const HELLO_AUTH_KEYS = optionKeys<HelloOptions["auth"]>({ username: true, password: true });

/**
 * Which connections `clientList` lists.
 *
 * @example
 * ```ts
 * const options: ClientListOptions = { type: "pubsub" };
 * await redis.clientList(options);
 * ```
 */
export type ClientListOptions = {
  type?: "normal" | "master" | "replica" | "pubsub";
  id?: Integer[];
};
const CLIENT_LIST_KEYS = optionKeys<ClientListOptions>({ type: true, id: true });

/**
 * The attribute `CLIENT SETINFO` sets: the library name or its version.
 *
 * @example
 * ```ts
 * const attribute: ClientSetinfoAttribute = { libName: "my-app" };
 * await redis.clientSetinfo(attribute);
 * ```
 */
export type ClientSetinfoAttribute = { libName: RedisArg; libVer?: never } | {
  libVer: RedisArg;
  libName?: never;
};
const CLIENT_SETINFO_KEYS = optionKeys<ClientSetinfoAttribute>({ libName: true, libVer: true });

/** What `HELLO` says about the server and the connection. */
export interface HelloReply {
  /** `"redis"` (or `"valkey"`). */
  server: string;
  /** The server's version: `"7.0.15"`. */
  version: string;
  /** The protocol of the connection now: 2 or 3. */
  proto: number;
  /** The connection's client id. */
  id: Integer;
  /** `"standalone"`, `"cluster"` or `"sentinel"`. */
  mode: string;
  /** `"master"` or `"replica"`. */
  role: string;
  /** The loaded modules. */
  modules: ModuleInfo[];
}

/** The client-side caching state of a connection, from `CLIENT TRACKINGINFO`. */
export interface ClientTrackingInfo {
  /** `off`, `on`, `bcast`, `optin`, `optout`, `caching-yes`, `noloop`, `broken_redirect`, …. */
  flags: string[];
  /** The client id invalidations go to: `-1` when tracking is off, `0` when not redirected. */
  redirect: Integer;
  /** The broadcast prefixes. */
  prefixes: string[];
}

const toHello = fieldsOf<HelloReply>({
  server: text,
  version: text,
  proto: count,
  id: integer,
  mode: text,
  role: text,
  modules: listOf(toModuleInfo),
});

const toPong = status("PONG");

const toTrackingInfo = fieldsOf<ClientTrackingInfo>({
  flags: texts,
  redirect: integer,
  prefixes: texts,
});

/**
 * `id=42 addr=127.0.0.1:5000 name= …` → `{ id: "42", addr: "127.0.0.1:5000", name: "" }`,
 * without prototype.
 */
function parseClientLine(line: string): Record<string, string> {
  const record = emptyRecord<string>();
  for (const field of line.trim().split(" ")) {
    const equals = field.indexOf("=");
    if (equals > 0) record[field.slice(0, equals)] = field.slice(equals + 1);
  }
  return record;
}

/**
 * Commands about the connection itself: checks, authentication, protocol,
 * database selection and the CLIENT subcommands.
 *
 * @example
 * ```ts
 * await redis.ping(); // "PONG"
 * ```
 */
export abstract class ConnectionCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Check the connection: `"PONG"` (a status, text on the bytes view too),
   * or `message` back when given.
   *
   * @example
   * ```ts
   * await redis.ping(); // "PONG"
   * await redis.ping("hi"); // "hi"
   * ```
   */
  ping(message?: Text): Reply<M, S | "PONG", this> {
    if (message === undefined) return this.call(["PING"], toPong);
    return this.call(["PING", message], toText<S>);
  }

  /**
   * Return `message` unchanged.
   *
   * @example
   * ```ts
   * await redis.echo("hello"); // "hello"
   * ```
   */
  echo(message: Text): Reply<M, S, this> {
    return this.call(["ECHO", message], toText<S>);
  }

  /**
   * Authenticate this connection (as `username`, or `default`). It changes
   * the state of the client's shared connection; a reconnect authenticates
   * with the configured credentials again.
   *
   * @example
   * ```ts
   * await redis.auth("s3cret"); // "OK"
   * await redis.auth("s3cret", "alice"); // "OK"
   * ```
   */
  auth(password: RedisArg, username?: RedisArg): Reply<M, "OK", this> {
    return this.call(
      username === undefined ? ["AUTH", password] : ["AUTH", username, password],
      toOk,
    );
  }

  /**
   * Switch the protocol of this connection and/or authenticate; the server's
   * answer as an object (`server`, `version`, `proto`, `id`, `mode`, `role`,
   * `modules`), the same over RESP2 and RESP3. Changes the state of the
   * shared connection: the client keeps decoding whatever the server sends,
   * but prefer the `protocol` option.
   *
   * @example
   * ```ts
   * (await redis.hello()).version; // "7.0.15"
   * ```
   */
  hello(
    protocol?: 2 | 3,
    options: HelloOptions = {},
  ): Reply<M, HelloReply, this> {
    assertOptions("hello", options, HELLO_KEYS);
    if (options.auth !== undefined) assertOptions("hello auth", options.auth, HELLO_AUTH_KEYS);
    const args: RedisArg[] = ["HELLO"];
    if (protocol !== undefined) {
      if (protocol !== 2 && protocol !== 3) {
        throw new DataError(`hello protocol: expected 2 or 3, got ${describeValue(protocol)}`);
      }
      args.push(protocol);
      if (options.auth) args.push("AUTH", options.auth.username, options.auth.password);
      if (options.setname !== undefined) args.push("SETNAME", options.setname);
    } else if (options.auth || options.setname !== undefined) {
      throw new DataError("hello: auth and setname need a protocol version");
    }
    return this.call(args, toHello);
  }

  /**
   * Change the selected database of the shared connection (a reconnect
   * selects the configured `db` again: prefer the `db` option).
   *
   * @example
   * ```ts
   * await redis.select(1); // "OK"
   * ```
   */
  select(index: number): Reply<M, "OK", this> {
    assertInteger("select index", index, 0);
    return this.call(["SELECT", index], toOk);
  }

  /**
   * Reset the connection's state (database 0, no name, RESP2, no tracking,
   * not authenticated as another user). Changes the shared connection.
   *
   * @example
   * ```ts
   * await redis.reset(); // "RESET"
   * ```
   */
  reset(): Reply<M, "RESET", this> {
    return this.call(["RESET"], status("RESET"));
  }

  /**
   * Close the client, as `close()` does (QUIT itself is not sent); later
   * commands reject. A pooled connection closes only itself; in a pipeline
   * or transaction it is a `DataError`.
   *
   * @deprecated Use `close()` on the client instead.
   * @example
   * ```ts
   * await redis.quit(); // "OK"
   * ```
   */
  quit(): Reply<M, "OK", this> {
    return this.call(["QUIT"], toOk);
  }

  /**
   * Tell the server whether the next command's keys are tracked (with
   * `CLIENT TRACKING … OPTIN`/`OPTOUT`).
   *
   * @example
   * ```ts
   * await redis.clientCaching(true); // "OK"
   * ```
   */
  clientCaching(enabled: boolean): Reply<M, "OK", this> {
    return this.call(["CLIENT", "CACHING", enabled ? "YES" : "NO"], toOk);
  }

  /**
   * Declare client capabilities (Valkey 8+).
   *
   * @example
   * ```ts
   * await redis.clientCapa("redirect"); // "OK"
   * ```
   */
  clientCapa(...capabilities: RedisArg[]): Reply<M, "OK", this> {
    assertNotEmpty("clientCapa capabilities", capabilities);
    return this.call(["CLIENT", "CAPA", ...capabilities], toOk);
  }

  /**
   * The name of this connection, or `null`.
   *
   * @example
   * ```ts
   * await redis.clientGetname(); // "worker-1"
   * ```
   */
  clientGetname(): Reply<M, S | null, this> {
    return this.call(["CLIENT", "GETNAME"], toTextOrNull<S>);
  }

  /**
   * The id of the client tracking invalidations are redirected to: `-1` when
   * tracking is off, `0` when not redirected. An {@link Integer}: a `bigint`
   * beyond ±2^53.
   *
   * @example
   * ```ts
   * await redis.clientGetredir(); // -1
   * ```
   */
  clientGetredir(): Reply<M, Integer, this> {
    return this.call(["CLIENT", "GETREDIR"], toInteger);
  }

  /**
   * Help text of the CLIENT command, one line per element.
   *
   * @example
   * ```ts
   * (await redis.clientHelp())[0]; // "CLIENT <subcommand> [<arg> ..."
   * ```
   */
  clientHelp(): Reply<M, string[], this> {
    return this.call(["CLIENT", "HELP"], toStrings);
  }

  /**
   * The id of this connection: an {@link Integer} (a `bigint` beyond ±2^53).
   *
   * @example
   * ```ts
   * await redis.clientId(); // 42
   * ```
   */
  clientId(): Reply<M, Integer, this> {
    return this.call(["CLIENT", "ID"], toInteger);
  }

  /**
   * This connection as `CLIENT LIST` describes it, parsed into a record
   * without prototype: `{ id: "42", addr: "127.0.0.1:5000", name: "", db: "0", … }`
   * (every value text, as the server writes it).
   *
   * @example
   * ```ts
   * (await redis.clientInfo()).db; // "0"
   * ```
   */
  clientInfo(): Reply<M, Record<string, string>, this> {
    return this.call(["CLIENT", "INFO"], (reply) => parseClientLine(text(reply)));
  }

  /**
   * Close the connections that match every given filter; returns how many.
   *
   * @example
   * ```ts
   * await redis.clientKill({ id: 42 }); // 1
   * await redis.clientKill({ type: "pubsub", skipme: true }); // 0
   * ```
   */
  clientKill(filters: ClientKillFilters): Reply<M, number, this> {
    assertOptions("clientKill", filters, CLIENT_KILL_KEYS);
    const args: RedisArg[] = ["CLIENT", "KILL"];
    if (filters.id !== undefined) {
      for (const id of [filters.id].flat()) {
        assertClientId("clientKill id", id);
        args.push("ID", id);
      }
    }
    if (filters.type !== undefined) args.push("TYPE", filters.type.toUpperCase());
    if (filters.user !== undefined) args.push("USER", filters.user);
    if (filters.addr !== undefined) args.push("ADDR", filters.addr);
    if (filters.laddr !== undefined) args.push("LADDR", filters.laddr);
    if (filters.skipme !== undefined) args.push("SKIPME", filters.skipme ? "YES" : "NO");
    if (filters.maxage !== undefined) {
      assertInteger("clientKill maxage", filters.maxage, 0);
      args.push("MAXAGE", filters.maxage);
    }
    if (args.length === 2) {
      throw new DataError("clientKill: expected at least one filter, got none");
    }
    return this.call(args, toCount);
  }

  /**
   * Every connection to the server (or those of one type or ids), parsed
   * into records (without prototype) of `CLIENT LIST` fields, values as text.
   *
   * @example
   * ```ts
   * (await redis.clientList({ type: "normal" })).map((client) => client.name);
   * ```
   */
  clientList(
    options: ClientListOptions = {},
  ): Reply<M, Record<string, string>[], this> {
    assertOptions("clientList", options, CLIENT_LIST_KEYS);
    const args: RedisArg[] = ["CLIENT", "LIST"];
    if (options.type !== undefined) args.push("TYPE", options.type.toUpperCase());
    if (options.id !== undefined) {
      assertNotEmpty("clientList id", options.id);
      for (const id of options.id) assertClientId("clientList id", id);
      args.push("ID", ...options.id);
    }
    return this.call(
      args,
      (reply) => text(reply).split("\n").filter((line) => line !== "").map(parseClientLine),
    );
  }

  /**
   * Keep this connection out of client evictions (`maxmemory-clients`).
   *
   * @example
   * ```ts
   * await redis.clientNoEvict(true); // "OK"
   * ```
   */
  clientNoEvict(enabled: boolean): Reply<M, "OK", this> {
    return this.call(["CLIENT", "NO-EVICT", enabled ? "ON" : "OFF"], toOk);
  }

  /**
   * Let this connection's reads leave keys' LRU/LFU unchanged (Redis 7.2+).
   *
   * @example
   * ```ts
   * await redis.clientNoTouch(true); // "OK"
   * ```
   */
  clientNoTouch(enabled: boolean): Reply<M, "OK", this> {
    return this.call(["CLIENT", "NO-TOUCH", enabled ? "ON" : "OFF"], toOk);
  }

  /**
   * Suspend the server's clients for `timeout` milliseconds: all commands, or
   * only writes with `"write"`.
   *
   * @example
   * ```ts
   * await redis.clientPause(100, "write"); // "OK"
   * ```
   */
  clientPause(timeout: number, mode?: "write" | "all"): Reply<M, "OK", this> {
    assertInteger("clientPause timeout", timeout, 0);
    return this.call(
      mode === undefined
        ? ["CLIENT", "PAUSE", timeout]
        : ["CLIENT", "PAUSE", timeout, mode.toUpperCase()],
      toOk,
    );
  }

  /**
   * Turn the server's replies off, on, or skip the next one. On the client's
   * multiplexed connection replies are matched to commands in order, so
   * `"off"` and `"skip"` break that matching: use them only on a connection
   * of your own that expects no replies.
   *
   * @example
   * ```ts
   * await redis.clientReply("on"); // "OK"
   * ```
   */
  clientReply(mode: "on" | "off" | "skip"): Reply<M, "OK", this> {
    return this.call(["CLIENT", "REPLY", mode.toUpperCase()], toOk);
  }

  /**
   * Set the library name or version shown by `CLIENT LIST` (Redis 7.2+; keel
   * sends its own at connect).
   *
   * @example
   * ```ts
   * await redis.clientSetinfo({ libName: "my-app" }); // "OK"
   * ```
   */
  clientSetinfo(
    attribute: ClientSetinfoAttribute,
  ): Reply<M, "OK", this> {
    assertOptions("clientSetinfo", attribute, CLIENT_SETINFO_KEYS);
    assertExclusive("clientSetinfo", attribute, ["libName", "libVer"]);
    return this.call(
      attribute.libName !== undefined
        ? ["CLIENT", "SETINFO", "LIB-NAME", attribute.libName]
        : ["CLIENT", "SETINFO", "LIB-VER", attribute.libVer!],
      toOk,
    );
  }

  /**
   * Name this connection (prefer the `clientName` option: it survives reconnects).
   *
   * @example
   * ```ts
   * await redis.clientSetname("worker-1"); // "OK"
   * ```
   */
  clientSetname(name: RedisArg): Reply<M, "OK", this> {
    return this.call(["CLIENT", "SETNAME", name], toOk);
  }

  /**
   * Turn server-assisted client-side caching on or off for this connection.
   * Invalidations arrive as RESP3 push frames (or on the `redirect` client).
   *
   * @example
   * ```ts
   * await redis.clientTracking(true, { bcast: true, prefix: ["user:"] }); // "OK"
   * ```
   */
  clientTracking(enabled: boolean, options: ClientTrackingOptions = {}): Reply<M, "OK", this> {
    assertOptions("clientTracking", options, CLIENT_TRACKING_KEYS);
    const args: RedisArg[] = ["CLIENT", "TRACKING", enabled ? "ON" : "OFF"];
    assertExclusive("clientTracking", options, ["optin", "optout"]);
    if (options.redirect !== undefined) {
      assertClientId("clientTracking redirect", options.redirect);
      args.push("REDIRECT", options.redirect);
    }
    for (const prefix of options.prefix ?? []) args.push("PREFIX", prefix);
    if (options.bcast) args.push("BCAST");
    if (options.optin) args.push("OPTIN");
    if (options.optout) args.push("OPTOUT");
    if (options.noloop) args.push("NOLOOP");
    return this.call(args, toOk);
  }

  /**
   * The tracking state of this connection: `{ flags, redirect, prefixes }`
   * (`redirect` an {@link Integer}).
   *
   * @example
   * ```ts
   * (await redis.clientTrackinginfo()).flags; // ["off"]
   * ```
   */
  clientTrackinginfo(): Reply<M, ClientTrackingInfo, this> {
    return this.call(["CLIENT", "TRACKINGINFO"], toTrackingInfo);
  }

  /**
   * Unblock a client blocked in a blocking command, as if it timed out (or
   * with an error); returns 1 when a client was unblocked.
   *
   * @example
   * ```ts
   * await redis.clientUnblock(42, "error"); // 1
   * ```
   */
  clientUnblock(clientId: Integer, mode?: "timeout" | "error"): Reply<M, number, this> {
    assertClientId("clientUnblock clientId", clientId);
    return this.call(
      mode === undefined
        ? ["CLIENT", "UNBLOCK", clientId]
        : ["CLIENT", "UNBLOCK", clientId, mode.toUpperCase()],
      toCount,
    );
  }

  /**
   * End a `clientPause`.
   *
   * @example
   * ```ts
   * await redis.clientUnpause(); // "OK"
   * ```
   */
  clientUnpause(): Reply<M, "OK", this> {
    return this.call(["CLIENT", "UNPAUSE"], toOk);
  }
}
