/**
 * Unknown option names: the one "nearest name" helper behind every
 * `unknown option 'EX' of set; did you mean 'ex'?` message (command options,
 * client options and the URL query alike).
 *
 * @module
 */
import { DataError } from "./errors.ts";

const MAX_SHOWN = 40;

/** Lower case, without `_`, `-` and spaces: `socket_timeout` and `socketTimeout` fold alike. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[_\- ]/g, "");
}

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours), for short names. */
function distance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        rows[i - 1][j] + 1,
        row[j - 1] + 1,
        rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
      }
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/**
 * The known name that `given` most likely meant: the same name in another
 * case or spelling (`EX` → `ex`, `socket_timeout` → `socketTimeout`), else
 * the closest one within a few typos, else one it abbreviates or spells
 * out (`cnt` → `count`, `database` → `db`); `undefined` when none is close.
 *
 * @example
 * ```ts
 * nearestName("EX", ["ex", "px", "nx"]); // "ex"
 * nearestName("withscore", ["withscores", "limit"]); // "withscores"
 * nearestName("database", ["db", "host"]); // "db"
 * nearestName("colour", ["ex", "px"]); // undefined
 * ```
 */
export function nearestName(given: string, known: readonly string[]): string | undefined {
  const folded = fold(given);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = distance(folded, fold(name));
    if (d === 0) return name;
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.min(folded.length, best.length) / 3));
  if (bestDistance <= limit) return best;
  // An abbreviation or a longer spelling: `cnt` → `count`, `database` → `db`.
  let abbreviated: string | undefined;
  for (const name of known) {
    const other = fold(name);
    const [short, long] = other.length < folded.length ? [other, folded] : [folded, other];
    if (short.length < 2 || short[0] !== long[0] || !isSubsequence(short, long)) continue;
    if (abbreviated === undefined || name.length < abbreviated.length) abbreviated = name;
  }
  return abbreviated;
}

/** Whether the letters of `short` appear in `long` in order. */
function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

/** A name from the caller's input, shown short and quoted. */
function shown(name: string): string {
  return `'${name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name}'`;
}

/**
 * The `DataError` for an unknown option `key` of `where`: names the key and
 * the nearest known one, or lists the known ones. `hints` maps a (folded:
 * lower case, no `_`/`-`) name other clients use to a known name ("did you
 * mean") or to a sentence saying what to use instead.
 *
 * @example
 * ```ts
 * unknownOptionError("EX", "set", ["ex", "px"]).message;
 * // "unknown option 'EX' of set; did you mean 'ex'?"
 * ```
 */
export function unknownOptionError(
  key: string,
  where: string,
  known: readonly string[],
  hints?: ReadonlyMap<string, string>,
): DataError {
  const head = `unknown option ${shown(key)} of ${where}`;
  const hint = hints?.get(fold(key));
  if (hint !== undefined && !known.includes(hint)) return new DataError(`${head}; ${hint}`);
  const near = hint ?? nearestName(key, known);
  if (near !== undefined) return new DataError(`${head}; did you mean '${near}'?`);
  return new DataError(`${head} (known: ${known.join(", ")})`);
}

/**
 * Throw {@link unknownOptionError} for the first own enumerable key of
 * `options` that is not in `known` (objects without prototype are fine; an
 * own `__proto__` key, as `JSON.parse` makes, is never an option and is
 * ignored). Costs one `for…in` over the given keys.
 *
 * @example
 * ```ts
 * assertKnownKeys({ EX: 60 }, ["ex", "px"], "set"); // DataError: unknown option 'EX' of set; did you mean 'ex'?
 * ```
 */
export function assertKnownKeys(
  options: object,
  known: readonly string[],
  where: string,
  hints?: ReadonlyMap<string, string>,
): void {
  for (const key in options) {
    if (!known.includes(key) && key !== "__proto__" && Object.hasOwn(options, key)) {
      throw unknownOptionError(key, where, known, hints);
    }
  }
}

/** Every key of an options type, union members' keys included. */
type OptionKey<T> = T extends unknown ? Extract<keyof T, string> : never;

/**
 * The keys of options type `T`, for {@link assertKnownKeys}: given as an
 * object literal so that the compiler checks the list is exactly `T`'s keys
 * (a missing key or one `T` does not have fails to compile).
 *
 * @example
 * ```ts
 * const LPOS_KEYS = optionKeys<{ rank?: number; maxlen?: number }>({ rank: true, maxlen: true });
 * ```
 */
export function optionKeys<T>(keys: Record<OptionKey<T>, true>): readonly string[] {
  return Object.freeze(Object.keys(keys));
}
