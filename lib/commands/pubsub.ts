/**
 * Pub/sub commands on the publishing side: PUBLISH, SPUBLISH, PUBSUB ….
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { ScriptingCommands } from "./scripting.ts";

/**
 * Commands that publish messages and inspect channels.
 *
 * @example
 * ```ts
 * await redis.publish("news", "hello"); // 0
 * ```
 */
export abstract class PubSubCommands<M extends Mode, S extends Text>
  extends ScriptingCommands<M, S> {
}
