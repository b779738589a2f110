/**
 * Scripting and function commands: EVAL, EVALSHA, FCALL, SCRIPT …, FUNCTION ….
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { StreamCommands } from "./stream.ts";

/**
 * Commands that run Lua scripts and functions on the server.
 *
 * @example
 * ```ts
 * await redis.eval("return 1", [], []); // 1
 * ```
 */
export abstract class ScriptingCommands<M extends Mode, S extends Text>
  extends StreamCommands<M, S> {
}
