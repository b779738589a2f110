/**
 * Server introspection commands: COMMAND …, CONFIG …, MEMORY …, LATENCY …, SLOWLOG …, MODULE ….
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { AclCommands } from "./acl.ts";

/**
 * Commands that inspect and configure the server.
 *
 * @example
 * ```ts
 * await redis.configGet("maxmemory"); // { maxmemory: "0" }
 * ```
 */
export abstract class ServerIntrospectionCommands<M extends Mode, S extends Text>
  extends AclCommands<M, S> {
}
