/**
 * ACL commands: ACL SETUSER, ACL GETUSER, ACL LIST, ACL WHOAMI, ….
 *
 * @module
 */
import type { RedisArg, RespValue } from "../resp/types.ts";
import { count, fieldsOf, listOf, orNull, text, texts } from "./admin_shapes.ts";
import { CommandBase, type Mode, type Reply, type Text } from "./command_base.ts";
import { toCount, toOk } from "./replies.ts";
import { toNumber, toStrings } from "./transforms.ts";
import { assertInteger, assertNotEmpty } from "./validate.ts";

/** A selector of an ACL user (Redis 7+): more rules, any of which may allow a command. */
export interface AclSelector {
  /** The command rules: `"-@all +set"`. */
  commands: string;
  /** The key patterns: `"~x*"`. */
  keys: string;
  /** The channel patterns: `"&news"`. */
  channels: string;
}

/** A user's rules, from ACL GETUSER: the same over RESP2 and RESP3. */
export interface AclUser {
  /** `on` or `off`, `nopass`, `skip-sanitize-payload`, …. */
  flags: string[];
  /** The SHA-256 hashes of the passwords. */
  passwords: string[];
  /** The command rules: `"-@all +get"`. */
  commands: string;
  /** The key patterns: `"~k* %R~r*"` (Redis 6.2: one pattern per word). */
  keys: string;
  /** The channel patterns: `"&news"` (Redis 6.2: one pattern per word). */
  channels: string;
  /** The selectors (Redis 7+; none before). */
  selectors: AclSelector[];
}

/** An ACL denial, from ACL LOG: the same over RESP2 and RESP3. */
export interface AclLogEntry {
  /** How many times this denial repeated. */
  count: number;
  /** `command`, `key`, `channel` or `auth`. */
  reason: string;
  /** `toplevel`, `multi`, `lua` or `module`. */
  context: string;
  /** The command, key or channel denied (or `AUTH`). */
  object: string;
  /** The user. */
  username: string;
  /** Seconds since the denial (a fraction). */
  "age-seconds": number;
  /** The client, as `CLIENT LIST` describes it (text). */
  "client-info": string;
  /** The entry's id (Redis 7.2+). */
  "entry-id"?: number;
  /** When the entry was created, Unix milliseconds (Redis 7.2+). */
  "timestamp-created"?: number;
  /** When it last repeated, Unix milliseconds (Redis 7.2+). */
  "timestamp-last-updated"?: number;
}

/** Redis 6.2 sends key and channel patterns as arrays; 7 as one string of rules. */
function rulesText(value: RespValue): string {
  return Array.isArray(value) ? texts(value).join(" ") : text(value);
}

const toSelector = fieldsOf<AclSelector>({ commands: text, keys: rulesText, channels: rulesText });

const toUserFields = fieldsOf<AclUser>({
  flags: texts,
  passwords: texts,
  commands: text,
  keys: rulesText,
  channels: rulesText,
  selectors: listOf(toSelector),
}, ["selectors", "channels"]);

function toUser(reply: RespValue): AclUser {
  const user = toUserFields(reply);
  user.channels ??= "";
  user.selectors ??= [];
  return user;
}

const toLogEntry = fieldsOf<AclLogEntry>({
  count,
  reason: text,
  context: text,
  object: text,
  username: text,
  "age-seconds": toNumber,
  "client-info": text,
  "entry-id": count,
  "timestamp-created": count,
  "timestamp-last-updated": count,
}, ["entry-id", "timestamp-created", "timestamp-last-updated"]);

/**
 * Commands that manage ACL users and permissions.
 *
 * @example
 * ```ts
 * await redis.aclWhoami(); // "default"
 * ```
 */
export abstract class AclCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * The ACL categories, or the commands of `category`.
   *
   * @example
   * ```ts
   * await redis.aclCat("dangerous"); // ["flushall", …]
   * ```
   */
  aclCat(category?: RedisArg): Reply<M, string[], this> {
    return this.call(category === undefined ? ["ACL", "CAT"] : ["ACL", "CAT", category], toStrings);
  }

  /**
   * Delete users; returns how many existed.
   *
   * @example
   * ```ts
   * await redis.aclDeluser("alice"); // 1
   * ```
   */
  aclDeluser(...usernames: RedisArg[]): Reply<M, number, this> {
    assertNotEmpty("aclDeluser usernames", usernames);
    return this.call(["ACL", "DELUSER", ...usernames], toCount);
  }

  /**
   * Whether `username` may run the command `args`: `"OK"`, or the reason it may not.
   *
   * @example
   * ```ts
   * await redis.aclDryrun("alice", ["GET", "k"]); // "OK"
   * ```
   */
  aclDryrun(username: RedisArg, args: RedisArg[]): Reply<M, string, this> {
    assertNotEmpty("aclDryrun args", args);
    return this.call(["ACL", "DRYRUN", username, ...args], text);
  }

  /**
   * A random password of `bits` bits (default 256) as hex.
   *
   * @example
   * ```ts
   * await redis.aclGenpass(); // "dd721260…"
   * ```
   */
  aclGenpass(bits?: number): Reply<M, string, this> {
    if (bits === undefined) return this.call(["ACL", "GENPASS"], text);
    assertInteger("aclGenpass bits", bits, 1);
    return this.call(["ACL", "GENPASS", bits], text);
  }

  /**
   * A user's rules (`flags`, `passwords`, `commands`, `keys`, `channels`,
   * `selectors`), or `null`: objects without prototype, the same over RESP2
   * and RESP3.
   *
   * @example
   * ```ts
   * (await redis.aclGetuser("alice"))?.flags; // ["on"]
   * (await redis.aclGetuser("alice"))?.selectors[0]?.keys; // "~x*"
   * ```
   */
  aclGetuser(username: RedisArg): Reply<M, AclUser | null, this> {
    return this.call(["ACL", "GETUSER", username], orNull(toUser));
  }

  /**
   * Help text of ACL, one line per element.
   *
   * @example
   * ```ts
   * (await redis.aclHelp())[0]; // "ACL <subcommand> …"
   * ```
   */
  aclHelp(): Reply<M, string[], this> {
    return this.call(["ACL", "HELP"], toStrings);
  }

  /**
   * Every user's rules, one line each, as in an ACL file.
   *
   * @example
   * ```ts
   * await redis.aclList(); // ["user default on nopass ~* &* +@all"]
   * ```
   */
  aclList(): Reply<M, string[], this> {
    return this.call(["ACL", "LIST"], toStrings);
  }

  /**
   * Reload the users from the ACL file.
   *
   * @example
   * ```ts
   * await redis.aclLoad(); // "OK"
   * ```
   */
  aclLoad(): Reply<M, "OK", this> {
    return this.call(["ACL", "LOAD"], toOk);
  }

  /**
   * Recent ACL denials (up to `count`), newest first: objects without
   * prototype, the same over RESP2 and RESP3 (`age-seconds` a number).
   *
   * @example
   * ```ts
   * (await redis.aclLog(10))[0]?.reason; // "command"
   * ```
   */
  aclLog(count?: number): Reply<M, AclLogEntry[], this> {
    if (count !== undefined) assertInteger("aclLog count", count, 0);
    return this.call(
      count === undefined ? ["ACL", "LOG"] : ["ACL", "LOG", count],
      listOf(toLogEntry),
    );
  }

  /**
   * Clear the ACL log.
   *
   * @example
   * ```ts
   * await redis.aclLogReset(); // "OK"
   * ```
   */
  aclLogReset(): Reply<M, "OK", this> {
    return this.call(["ACL", "LOG", "RESET"], toOk);
  }

  /**
   * Save the users to the ACL file.
   *
   * @example
   * ```ts
   * await redis.aclSave(); // "OK"
   * ```
   */
  aclSave(): Reply<M, "OK", this> {
    return this.call(["ACL", "SAVE"], toOk);
  }

  /**
   * Create or change a user with rules (`"on"`, `">password"`, `"~keys:*"`, `"+@read"`, …).
   *
   * @example
   * ```ts
   * await redis.aclSetuser("alice", "on", ">secret", "~app:*", "+@read"); // "OK"
   * ```
   */
  aclSetuser(username: RedisArg, ...rules: RedisArg[]): Reply<M, "OK", this> {
    return this.call(["ACL", "SETUSER", username, ...rules], toOk);
  }

  /**
   * The user names.
   *
   * @example
   * ```ts
   * await redis.aclUsers(); // ["alice", "default"]
   * ```
   */
  aclUsers(): Reply<M, string[], this> {
    return this.call(["ACL", "USERS"], toStrings);
  }

  /**
   * The user this connection is authenticated as.
   *
   * @example
   * ```ts
   * await redis.aclWhoami(); // "default"
   * ```
   */
  aclWhoami(): Reply<M, string, this> {
    return this.call(["ACL", "WHOAMI"], text);
  }
}
