/**
 * The name and first key of a command, for the server errors that name the
 * command they answer (`lib/errors/failed_command.ts`): this module hands
 * {@link locateCommand} to the errors layer when it loads. `CommandBase`
 * imports it, so every executor has it.
 *
 * @module
 */
import { type CommandLocator, locateCommandsWith } from "../errors/failed_command.ts";
import type { RedisArg } from "../resp/types.ts";
import { commandKeys } from "./command_keys.ts";
import { CONTAINER_COMMANDS } from "./command_table.ts";

/** How a subcommand is spelled (`KILL`, `MALLOC-STATS`): anything else is not shown. */
const SUBCOMMAND = /^[A-Z][A-Z0-9_-]{0,31}$/;

/** `arg` upper-cased, when it is text of at most `limit` characters (bytes: ASCII). */
function upper(arg: RedisArg | undefined, limit: number): string | undefined {
  if (typeof arg === "string") return arg.length <= limit ? arg.toUpperCase() : undefined;
  if (typeof arg === "number") return String(arg);
  if (!(arg instanceof Uint8Array) || arg.length > limit) return undefined;
  let text = "";
  for (const byte of arg) {
    if (byte >= 0x80) return undefined;
    text += String.fromCharCode(byte);
  }
  return text.toUpperCase();
}

/**
 * The name of a command as sent, upper-cased (`GET`), a container's
 * subcommand (`KILL` of `CLIENT KILL`, when it is spelled as one), and its
 * first key by the key specs (`undefined` for a keyless command).
 *
 * @example
 * ```ts
 * locateCommand(["client", "kill", "ID", 7]); // { name: "CLIENT", subcommand: "KILL", key: undefined }
 * locateCommand(["EVAL", "return 1", 1, "k"]); // { name: "EVAL", subcommand: undefined, key: "k" }
 * ```
 */
export function locateCommand(
  args: readonly RedisArg[],
): { name: string | RedisArg; subcommand: string | undefined; key: RedisArg | undefined } {
  const name = upper(args[0], 256);
  if (name === undefined) return { name: args[0], subcommand: undefined, key: undefined };
  let subcommand: string | undefined;
  if (CONTAINER_COMMANDS.has(name)) {
    const sub = upper(args[1], 32);
    if (sub !== undefined && SUBCOMMAND.test(sub)) subcommand = sub;
  }
  return { name, subcommand, key: commandKeys(args)[0] };
}

locateCommandsWith(locateCommand as CommandLocator);
