/**
 * ACL commands: ACL SETUSER, ACL GETUSER, ACL LIST, ACL WHOAMI, ….
 *
 * @module
 */
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, Reply, Text } from "./command_base.ts";
import { ServerCommands } from "./server.ts";
import { asString, toRecord, toStrings } from "./transforms.ts";
import { assertInteger, assertNotEmpty } from "./validate.ts";

/**
 * Commands that manage ACL users and permissions.
 *
 * @example
 * ```ts
 * await redis.aclWhoami(); // "default"
 * ```
 */
export abstract class AclCommands<M extends Mode, S extends Text> extends ServerCommands<M, S> {
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
    return this.call(["ACL", "DELUSER", ...usernames]);
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
    return this.call(["ACL", "DRYRUN", username, ...args], asString);
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
    if (bits === undefined) return this.call(["ACL", "GENPASS"], asString);
    assertInteger("aclGenpass bits", bits, 1);
    return this.call(["ACL", "GENPASS", bits], asString);
  }

  /**
   * A user's rules as an object (`flags`, `passwords`, `commands`, `keys`, `channels`, `selectors`), or `null`.
   *
   * @example
   * ```ts
   * (await redis.aclGetuser("alice"))?.flags; // ["on"]
   * ```
   */
  aclGetuser(username: RedisArg): Reply<M, Record<string, RespValue> | null, this> {
    return this.call(
      ["ACL", "GETUSER", username],
      (reply) => reply === null ? null : toRecord(reply),
    );
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
    return this.call(["ACL", "LOAD"]);
  }

  /**
   * Recent ACL denials (up to `count`) as objects with string keys.
   *
   * @example
   * ```ts
   * (await redis.aclLog(10))[0]?.reason; // "command"
   * ```
   */
  aclLog(count?: number): Reply<M, Record<string, RespValue>[], this> {
    if (count !== undefined) assertInteger("aclLog count", count, 0);
    return this.call(
      count === undefined ? ["ACL", "LOG"] : ["ACL", "LOG", count],
      (reply) => (reply as RespValue[]).map(toRecord),
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
    return this.call(["ACL", "LOG", "RESET"]);
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
    return this.call(["ACL", "SAVE"]);
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
    return this.call(["ACL", "SETUSER", username, ...rules]);
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
    return this.call(["ACL", "WHOAMI"], asString);
  }
}
