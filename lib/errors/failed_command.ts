/**
 * Which command a server error answers: a connection (or batch) that gets an
 * error reply names, after the server's message, the command's name and its
 * first key, `WRONGTYPE … (GET user:1)`, and sets the error's `command` and
 * `key`. Nothing else of the command is shown: no values, no credentials.
 *
 * The work is done only when an error arrives: a command that succeeds pays
 * nothing here. Finding the first key needs the command table (in
 * `lib/commands`, above this layer): `lib/commands` hands its locator in with
 * {@link locateCommandsWith}; until then only the name is shown.
 *
 * @module
 */
import type { ResponseError } from "./errors.ts";

/**
 * Finds, in a command's arguments, its name (upper-cased), the subcommand
 * of a container command (`KILL` of `CLIENT KILL`: letters, digits, `-` and
 * `_` only, or `undefined`) and its first key (`undefined` when it has none).
 *
 * @example
 * ```ts
 * const locate: CommandLocator = (args) => ({
 *   name: String(args[0]).toUpperCase(),
 *   subcommand: undefined,
 *   key: args[1],
 * });
 * ```
 */
export type CommandLocator = (
  args: readonly unknown[],
) => { name: unknown; subcommand: string | undefined; key: unknown };

/** Without the command table: the first argument, no key. */
const nameOnly: CommandLocator = (args) => ({
  name: upperCased(args[0]),
  subcommand: undefined,
  key: undefined,
});

let locator: CommandLocator = nameOnly;

/**
 * Use `locate` to find the name and first key of a failed command (set once
 * by `lib/commands`, which knows the key specs).
 *
 * @example
 * ```ts
 * locateCommandsWith((args) => ({ name: args[0], subcommand: undefined, key: args[1] }));
 * ```
 */
export function locateCommandsWith(locate: CommandLocator): void {
  locator = locate;
}

/** The first argument upper-cased, when it is text (bytes that are UTF-8, or a string). */
function upperCased(arg: unknown): unknown {
  if (typeof arg === "string") return arg.toUpperCase();
  if (arg instanceof Uint8Array && arg.length <= SHOWN * 4) {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(arg).toUpperCase();
    } catch {
      return arg;
    }
  }
  return arg;
}

/** How many characters of a name or key are shown; the rest is cut (`…`). */
const SHOWN = 64;

/** Characters shown escaped: controls, format characters (U+FEFF, bidi marks), separators, surrogates, unassigned. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|[^\P{Zs} ]/u;
/** Characters that make a name or key be shown in quotes. */
const QUOTED = /[\s"\\]|[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

function escapeChar(char: string): string {
  switch (char) {
    case "\\":
      return "\\\\";
    case '"':
      return '\\"';
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
  }
  if (!HIDDEN.test(char)) return char;
  const code = char.codePointAt(0)!;
  return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u{${hex(code, 4)}}`;
}

/** Text as shown: as it is when printable, else quoted and escaped; cut after {@link SHOWN} characters. */
function showText(text: string, cut: boolean): string {
  const chars: string[] = [];
  for (const char of text) {
    if (chars.length === SHOWN) {
      cut = true;
      break;
    }
    chars.push(char);
  }
  const head = chars.join("");
  const shown = head === "" || QUOTED.test(head) ? `"${chars.map(escapeChar).join("")}"` : head;
  return cut ? `${shown}…` : shown;
}

/** Bytes that are not UTF-8: quoted, printable ASCII as it is, every other byte as `\xNN`. */
function showBytes(bytes: Uint8Array): string {
  let shown = '"';
  const end = Math.min(bytes.length, SHOWN);
  for (let i = 0; i < end; i++) {
    const byte = bytes[i];
    shown += byte >= 0x20 && byte < 0x7f
      ? escapeChar(String.fromCharCode(byte))
      : `\\x${hex(byte, 2)}`;
  }
  return bytes.length > SHOWN ? `${shown}"…` : `${shown}"`;
}

/**
 * A command argument (a name or a key) as an error message shows it: bounded
 * (at most 64 characters, whatever the argument's size), printable (escaped
 * otherwise), and unambiguous (quoted when empty or holding spaces, quotes,
 * backslashes or hidden characters).
 *
 * @example
 * ```ts
 * showArg("user:1"); // "user:1"
 * showArg("a\nb"); // "\"a\\nb\""
 * showArg(new Uint8Array([0xff])); // "\"\\xFF\""
 * ```
 */
export function showArg(arg: unknown): string {
  if (arg instanceof Uint8Array) {
    // Never decode more than is shown: a key may be 512 MiB.
    const head = arg.subarray(0, SHOWN * 4);
    let text: string;
    try {
      // `stream`: a character cut at the end of the head is not an error.
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(head, {
        stream: true,
      });
    } catch {
      return showBytes(arg);
    }
    return showText(text, head.length < arg.length);
  }
  if (typeof arg === "string") {
    // SHOWN characters take at most 2 × SHOWN UTF-16 units.
    return showText(arg.slice(0, SHOWN * 2 + 1), arg.length > SHOWN * 2 + 1);
  }
  return showText(String(arg), false);
}

/**
 * Name, on `error`, the command it answers: sets `command` and `key` (the
 * first key, `undefined` for a keyless command) and adds them to the message
 * after the server's text, which stays first and whole:
 * `WRONGTYPE Operation against a key holding the wrong kind of value (GET user:1)`.
 * An error that already names its command is left as it is. Never throws.
 *
 * @example
 * ```ts
 * withCommand(new WrongTypeError("WRONGTYPE …"), ["GET", "user:1"]).message; // "WRONGTYPE … (GET user:1)"
 * ```
 */
export function withCommand<E extends ResponseError>(error: E, args: readonly unknown[]): E {
  if (error.command !== undefined || args.length === 0) return error;
  const { command, key } = shownCommand(args);
  const named = error as { command: string | undefined; key: string | undefined; message: string };
  named.command = command;
  named.key = key;
  named.message = `${error.message}${contextOf(error)}`;
  return error;
}

/** The name and first key of a command, as shown. */
function shownCommand(args: readonly unknown[]): { command: string; key: string | undefined } {
  let found: ReturnType<CommandLocator>;
  try {
    found = locator(args);
  } catch {
    found = nameOnly(args);
  }
  const { name, subcommand, key } = found;
  const command = subcommand === undefined ? showArg(name) : `${showArg(name)} ${subcommand}`;
  return { command, key: key === undefined ? undefined : showArg(key) };
}

/**
 * A command as an error names it: its name and first key, `GET user:1`
 * (for errors that are not server replies, such as a cluster's giving up).
 *
 * @example
 * ```ts
 * describeCommand(["SET", "user:1", "secret value"]); // "SET user:1"
 * ```
 */
export function describeCommand(args: readonly unknown[]): string {
  const { command, key } = shownCommand(args);
  return key === undefined ? command : `${command} ${key}`;
}

/** What {@link withCommand} added to a message: ` (GET user:1)`, or `""`. */
function contextOf(error: ResponseError): string {
  if (error.command === undefined) return "";
  return error.key === undefined ? ` (${error.command})` : ` (${error.command} ${error.key})`;
}

/**
 * The server's own message of `error`, without the command {@link withCommand} added.
 *
 * @example
 * ```ts
 * serverMessage(withCommand(new ResponseError("ERR x"), ["GET", "k"])); // "ERR x"
 * ```
 */
export function serverMessage(error: ResponseError): string {
  const context = contextOf(error);
  return context !== "" && error.message.endsWith(context)
    ? error.message.slice(0, error.message.length - context.length)
    : error.message;
}
