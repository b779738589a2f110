/**
 * The published surface: every symbol each entry file of deno.json exports,
 * as a value (present when the module runs) or as a type only. `--check`
 * fails when it differs from scripts/public_surface.txt, so a change to the
 * surface is always a deliberate one (rerun without `--check` to accept it).
 *
 *   deno run --allow-read --allow-write --allow-run --allow-env scripts/public_surface.ts [--check]
 */
const root = new URL("..", import.meta.url);
const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
const entries = config.exports as Record<string, string>;

/**
 * What `./commands` may export that the package root does not: the groups,
 * their base and composition, the reply machinery and the bases of queued
 * commands and scripts. Any other type there (a new command's options, say)
 * must reach users through lib/commands/public_types.ts.
 */
const BUILDING_BLOCKS = new Set([
  "CommandBase",
  "Commands",
  "Mode",
  "QueuedCommands",
  "Reply",
  "ReplyByMode",
  "ScriptSource",
  "SubscriptionOwner",
  "Text",
  "Transform",
]);

const lines: string[] = [];
const names = new Map<string, Set<string>>();
for (const [entry, file] of Object.entries(entries)) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", file],
    cwd: root,
    stdout: "piped",
  }).output();
  if (!output.success) throw new Error(`deno doc --json ${file} failed`);
  const doc = JSON.parse(new TextDecoder().decode(output.stdout));
  const symbols = (Object.values(doc.nodes)[0] as {
    symbols: { name: string; declarations: { kind: string }[] }[];
  }).symbols;
  const runtime = new Set(Object.keys(await import(new URL(file, root).href)));
  const values: string[] = [];
  const types: string[] = [];
  names.set(entry, new Set(symbols.map((symbol) => symbol.name)));
  for (const symbol of symbols) {
    const kinds = [...new Set(symbol.declarations.map((declaration) => declaration.kind))];
    (runtime.has(symbol.name) ? values : types).push(`${symbol.name} (${kinds.join(", ")})`);
  }
  lines.push(`## ${entry} (${file}): ${values.length} values, ${types.length} types`);
  lines.push("values: " + values.sort().join(", "));
  lines.push("types: " + types.sort().join(", "));
  lines.push("");
}
const missing = [...names.get("./commands") ?? []].filter((name) =>
  !names.get(".")?.has(name) && !BUILDING_BLOCKS.has(name) && !name.endsWith("Commands")
);
if (missing.length > 0) {
  console.error(
    `not exported by mod.ts (add to lib/commands/public_types.ts): ${missing.join(", ")}`,
  );
  Deno.exit(1);
}
const text = lines.join("\n");
const target = new URL("scripts/public_surface.txt", root);
if (Deno.args.includes("--check")) {
  if (await Deno.readTextFile(target) !== text) {
    console.error("The published surface changed: run scripts/public_surface.ts without --check");
    console.error("and commit scripts/public_surface.txt if the change is meant.");
    Deno.exit(1);
  }
  console.log("public surface as recorded in scripts/public_surface.txt");
} else {
  await Deno.writeTextFile(target, text);
  console.log(lines.filter((line) => line.startsWith("## ")).join("\n"));
}
