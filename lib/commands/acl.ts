/**
 * ACL commands: ACL SETUSER, ACL GETUSER, ACL LIST, ACL WHOAMI, ….
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { ServerCommands } from "./server.ts";

/**
 * Commands that manage ACL users and permissions.
 *
 * @example
 * ```ts
 * await redis.aclWhoami(); // "default"
 * ```
 */
export abstract class AclCommands<M extends Mode, S extends Text> extends ServerCommands<M, S> {
}
