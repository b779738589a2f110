/**
 * The command coverage of keel's own declarations: for every command in
 * scripts/commands/redis-commands.json (or the file given as the first argument),
 * is there a method of that name on the async client? Method names follow
 * the naming rule (lower case; subcommands camelCase with the container
 * first; `-` and `_` dropped): `CLIENT KILL` → `clientKill`, `BITFIELD_RO` →
 * `bitfieldRo`.
 *
 *   deno run --allow-read scripts/coverage.ts [path/to/redis-commands.json]
 */
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
import { Redis } from "../mod.ts";
import { Subscription } from "../lib/client/subscription.ts";
import { Transaction } from "../lib/client/transaction.ts";

interface CommandEntry {
  name: string;
  kind: "command" | "container" | "subcommand";
  group: string;
  deprecated: boolean;
}

const file = process.argv.slice(2).find((arg) => !arg.startsWith("--")) ??
  new URL("./commands/redis-commands.json", import.meta.url).pathname;
if (!existsSync(file)) {
  console.log(`coverage: skipped, ${file} not found`);
  process.exit(0);
}
const entries = JSON.parse(readFileSync(file, "utf8")) as CommandEntry[];

/** `CLIENT NO-EVICT` → `clientNoEvict`. */
function methodName(command: string): string {
  const words = command.toLowerCase().split(/[ _-]/);
  return words[0] + words.slice(1).map((word) => word[0].toUpperCase() + word.slice(1)).join("");
}

const methods = new Set<string>();
for (
  let proto = Redis.prototype;
  proto !== Object.prototype;
  proto = Object.getPrototypeOf(proto)
) {
  for (const name of Object.getOwnPropertyNames(proto)) methods.add(name);
}

/** Commands sent by the objects the client hands out, not by a method of its own name. */
const elsewhere: Record<string, boolean> = {
  EXEC: typeof Transaction.prototype.exec === "function",
  UNSUBSCRIBE: typeof Subscription.prototype.unsubscribe === "function",
  PUNSUBSCRIBE: typeof Subscription.prototype.unsubscribe === "function",
  SUNSUBSCRIBE: typeof Subscription.prototype.unsubscribe === "function",
};

const groups = new Map<string, { found: number; total: number; missing: string[] }>();
const deprecated = { found: 0, total: 0, missing: [] as string[] };
for (const entry of entries) {
  if (entry.kind === "container" || entry.group === "sentinel") continue;
  const bucket = entry.deprecated ? deprecated : groups.get(entry.group) ??
    groups.set(entry.group, { found: 0, total: 0, missing: [] }).get(entry.group)!;
  bucket.total++;
  if (methods.has(methodName(entry.name)) || elsewhere[entry.name]) bucket.found++;
  else bucket.missing.push(entry.name);
}

let found = 0;
let total = 0;
for (const [group, { found: f, total: t, missing }] of [...groups].sort()) {
  found += f;
  total += t;
  console.log(`${group.padEnd(14)} ${String(f).padStart(3)}/${t}`);
  if (missing.length > 0 && process.argv.includes("--missing")) {
    console.log(`  missing: ${missing.join(", ")}`);
  }
}
console.log(`deprecated     ${deprecated.found}/${deprecated.total} (not counted below)`);
console.log(`keel coverage: ${found}/${total} commands (${(100 * found / total).toFixed(1)}%)`);
