/**
 * The keel error hierarchy. Every error keel throws is a {@link RedisError};
 * errors sent by the server are {@link ResponseError}s with the server's
 * `code` (the first word of its message) and a subclass per code.
 *
 * @module
 */

/**
 * The base class of every error keel throws.
 *
 * @example
 * ```ts
 * import { RedisError } from "@keel/redis";
 * try { await redis.get("k"); } catch (e) { if (e instanceof RedisError) console.log(e.name); }
 * ```
 */
export class RedisError extends Error {
  /** The class name, shown in messages and logs. */
  override name = "RedisError";
}

/**
 * The connection could not be made, or was lost while the command was pending.
 * A command rejected with this error may or may not have run on the server.
 *
 * @example
 * ```ts
 * try { await redis.incr("n"); } catch (e) { if (e instanceof ConnectionError) console.log("maybe ran"); }
 * ```
 */
export class ConnectionError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "ConnectionError";
}

/**
 * A connect or command timeout elapsed before the server answered.
 *
 * @example
 * ```ts
 * const redis = await Redis.connect({ port: 6379, commandTimeout: 100 });
 * await redis.sendCommand(["DEBUG", "SLEEP", "1"]).catch((e) => e instanceof TimeoutError);
 * ```
 */
export class TimeoutError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "TimeoutError";
}

/**
 * The bytes from the server are not valid RESP. The connection is closed.
 *
 * @example
 * ```ts
 * new RespDecoder({ onReply() {} }).feed(new TextEncoder().encode("?\r\n")); // throws ProtocolError
 * ```
 */
export class ProtocolError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "ProtocolError";
}

/**
 * An argument or option given to keel is invalid. Nothing was sent.
 *
 * @example
 * ```ts
 * await Redis.connect("http://localhost").catch((e) => e instanceof DataError); // true
 * ```
 */
export class DataError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "DataError";
}

/**
 * The client was closed; the command was not sent.
 *
 * @example
 * ```ts
 * await redis.close();
 * await redis.get("k").catch((e) => e instanceof ClientClosedError); // true
 * ```
 */
export class ClientClosedError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "ClientClosedError";
}

/**
 * A connection could not be taken from a pool before its acquire timeout.
 *
 * @example
 * ```ts
 * if (error instanceof PoolTimeoutError) console.log("pool exhausted");
 * ```
 */
export class PoolTimeoutError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "PoolTimeoutError";
}

/**
 * A watched key changed, so the transaction did not run (after all retries).
 *
 * @example
 * ```ts
 * if (error instanceof WatchError) console.log("conflict, gave up");
 * ```
 */
export class WatchError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "WatchError";
}

/**
 * A lock could not be acquired in time.
 *
 * @example
 * ```ts
 * await redis.lock("job", { wait: 0 }).catch((e) => e instanceof LockError); // true when held
 * ```
 */
export class LockError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "LockError";
}

/**
 * A lock was released or extended after it had expired or was taken by
 * someone else: the work done under it was not protected to the end.
 *
 * @example
 * ```ts
 * await lock.release().catch((e) => e instanceof LockNotOwnedError);
 * ```
 */
export class LockNotOwnedError extends LockError {
  /** The class name, shown in messages and logs. */
  override name = "LockNotOwnedError";
}

/**
 * An error reply from the server. `code` is the first word of the server's
 * message (`ERR`, `WRONGTYPE`, …); `message` is the whole of it, followed by
 * the command it answers and that command's first key in parentheses, e.g.
 * `WRONGTYPE Operation against a key holding the wrong kind of value (GET user:1)`.
 * No other argument is ever shown (no values, no credentials).
 *
 * @example
 * ```ts
 * try { await redis.get("list"); } catch (e) { if (e instanceof ResponseError) e.command; } // "GET"
 * ```
 */
export class ResponseError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "ResponseError";
  /** The error code: the first word of the server's message, e.g. `WRONGTYPE`. */
  readonly code: string;
  /**
   * The command this error answers, upper-cased as sent (`GET`; a
   * container's subcommand as `CLIENT KILL`, `CONFIG SET`); `undefined` on
   * an error made by hand.
   */
  readonly command: string | undefined = undefined;
  /**
   * The command's first key (by the command table's key specs), as the
   * message shows it: as sent when it is printable text, otherwise quoted
   * with escapes (`"a\nb"`, `""`, bytes that are not UTF-8 as `\xff`); cut
   * after 64 characters (`…`). `undefined` for a command without keys.
   */
  readonly key: string | undefined = undefined;

  /**
   * Wrap a server error message.
   * @param message The server's error message, code included.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    const space = message.indexOf(" ");
    this.code = space === -1 ? message : message.slice(0, space);
  }
}

/**
 * `WRONGTYPE`: the key holds a value of another type.
 *
 * @example
 * ```ts
 * await redis.lpush("list", "a");
 * await redis.get("list").catch((e) => e instanceof WrongTypeError); // true
 * ```
 */
export class WrongTypeError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "WrongTypeError";
}

/**
 * `NOSCRIPT`: no script with that SHA1 is cached on the server.
 *
 * @example
 * ```ts
 * await redis.sendCommand(["EVALSHA", "0".repeat(40), "0"]).catch((e) => e instanceof NoScriptError);
 * ```
 */
export class NoScriptError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "NoScriptError";
}

/**
 * `READONLY`: a write was sent to a read-only replica.
 *
 * @example
 * ```ts
 * if (error instanceof ReadOnlyError) console.log("talking to a replica");
 * ```
 */
export class ReadOnlyError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "ReadOnlyError";
}

/**
 * `LOADING`: the server is still loading its dataset.
 *
 * @example
 * ```ts
 * if (error instanceof BusyLoadingError) console.log("retry later");
 * ```
 */
export class BusyLoadingError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "BusyLoadingError";
}

/**
 * `EXECABORT`: a transaction was discarded because a queued command was invalid.
 *
 * @example
 * ```ts
 * if (error instanceof ExecAbortError) console.log("nothing in the MULTI ran");
 * ```
 */
export class ExecAbortError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "ExecAbortError";
}

/**
 * `OOM`: the server is over its `maxmemory` and refuses writes.
 *
 * @example
 * ```ts
 * if (error instanceof OutOfMemoryError) console.log("server full");
 * ```
 */
export class OutOfMemoryError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "OutOfMemoryError";
}

/**
 * `NOAUTH` or `WRONGPASS`: authentication is required or failed.
 *
 * @example
 * ```ts
 * await Redis.connect({ port, password: "wrong" }).catch((e) => e instanceof AuthenticationError);
 * ```
 */
export class AuthenticationError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "AuthenticationError";

  /**
   * Wrap a server error message, adding what to do: where the password (and
   * user name) go. The hint is fixed text: it never repeats a credential.
   * @param message The server's error message, code included.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, options?: ErrorOptions) {
    super(
      message.endsWith(")") && message.includes(" (keel: ") ? message : message + authHint(message),
      options,
    );
  }
}

/** What to do about a NOAUTH or WRONGPASS error. */
function authHint(message: string): string {
  if (message.startsWith("NOAUTH")) {
    return " (keel: the server needs a password: pass password (and username, for an ACL user) in the options, { password }, or in the URL, redis://user:password@host:port)";
  }
  if (message.startsWith("WRONGPASS")) {
    return " (keel: the server refused the credentials: check password (and username) in the options or the URL)";
  }
  return "";
}

/**
 * `NOPERM`: the ACL user may not run this command or touch this key.
 *
 * @example
 * ```ts
 * if (error instanceof AuthorizationError) console.log("ACL denied");
 * ```
 */
export class AuthorizationError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "AuthorizationError";
}

/**
 * `MOVED slot host:port`: the slot lives on another cluster node.
 *
 * @example
 * ```ts
 * if (error instanceof MovedError) console.log(error.slot, error.host, error.port);
 * ```
 */
export class MovedError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "MovedError";
  /** The hash slot named by the redirect. */
  readonly slot: number;
  /** The host of the node that owns the slot. */
  readonly host: string;
  /** The port of the node that owns the slot. */
  readonly port: number;

  /**
   * Parse a redirect message.
   * @param message The server's message, `MOVED <slot> <host>:<port>`.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    const [, slot = "", address = ""] = message.split(" ");
    const colon = address.lastIndexOf(":");
    this.slot = Number(slot);
    this.host = address.slice(0, colon);
    this.port = Number(address.slice(colon + 1));
  }
}

/**
 * A cluster command could not be placed: too many redirects, no node for
 * its slot, or keys of several slots where one is needed.
 *
 * @example
 * ```ts
 * if (error instanceof ClusterError) console.log(error.message);
 * ```
 */
export class ClusterError extends RedisError {
  /** The class name, shown in messages and logs. */
  override name = "ClusterError";
}

/**
 * `ASK slot host:port`: the slot is migrating; ask the target node once.
 *
 * @example
 * ```ts
 * if (error instanceof AskError) console.log(error.host, error.port);
 * ```
 */
export class AskError extends MovedError {
  /** The class name, shown in messages and logs. */
  override name = "AskError";
}

/**
 * `TRYAGAIN`: a multi-key command hit a slot being migrated; retry later.
 *
 * @example
 * ```ts
 * if (error instanceof TryAgainError) console.log("back off and retry");
 * ```
 */
export class TryAgainError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "TryAgainError";
}

/**
 * `CLUSTERDOWN`: the cluster cannot serve requests right now.
 *
 * @example
 * ```ts
 * if (error instanceof ClusterDownError) console.log("cluster down");
 * ```
 */
export class ClusterDownError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "ClusterDownError";
}

/**
 * `CROSSSLOT`: the keys of one command hash to different slots.
 *
 * @example
 * ```ts
 * if (error instanceof CrossSlotError) console.log("use hash tags: {user}:a {user}:b");
 * ```
 */
export class CrossSlotError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "CrossSlotError";
}

/**
 * `MASTERDOWN`: the replica lost its link to the master.
 *
 * @example
 * ```ts
 * if (error instanceof MasterDownError) console.log("replica has no master");
 * ```
 */
export class MasterDownError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "MasterDownError";
}

/**
 * `BUSY`: the server is running a script or function that has not yielded.
 *
 * @example
 * ```ts
 * if (error instanceof BusyError) await redis.sendCommand(["SCRIPT", "KILL"]);
 * ```
 */
export class BusyError extends ResponseError {
  /** The class name, shown in messages and logs. */
  override name = "BusyError";
}
