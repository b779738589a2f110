/**
 * Which commands are read-only by their command flags (the `readonly` flag
 * of COMMAND INFO, Redis 7.0): the client may send one again after the
 * connection was lost before its reply, because running it twice changes
 * nothing.
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import { READ_ONLY_COMMANDS } from "./command_table.ts";

const READ_ONLY = new Set(READ_ONLY_COMMANDS);

/** Commands whose read-only flag is on their subcommands. */
const CONTAINERS = new Set(
  READ_ONLY_COMMANDS.filter((name) => name.includes(" ")).map((name) => name.split(" ")[0]),
);

/**
 * Whether `args` is a read-only command by its flags.
 *
 * @example
 * ```ts
 * isReadOnly(["GET", "k"]); // true
 * isReadOnly(["OBJECT", "ENCODING", "k"]); // true
 * isReadOnly(["INCR", "k"]); // false
 * ```
 */
export function isReadOnly(args: readonly RedisArg[]): boolean {
  const name = args[0];
  if (typeof name !== "string") return false;
  if (READ_ONLY.has(name)) return true;
  const upper = name.toUpperCase();
  if (READ_ONLY.has(upper)) return true;
  const sub = args[1];
  return CONTAINERS.has(upper) && typeof sub === "string" &&
    READ_ONLY.has(`${upper} ${sub.toUpperCase()}`);
}
