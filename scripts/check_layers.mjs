// Checks the import graph of lib/ and the entry files against the layer order
// written in ARCHITECTURE.md ("## Layers", a numbered list, bottom first).
// Fails on any import cycle between files, on any cycle between folders, and
// on any import that points up the layer order.
//
//   node scripts/check_layers.mjs        (also runs under deno and bun)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The layer folders, bottom first, from ARCHITECTURE.md. */
function layerOrder() {
  const text = readFileSync(join(root, "ARCHITECTURE.md"), "utf8");
  const section = text.split(/^## /m).find((part) => part.startsWith("Layers"));
  if (section === undefined) throw new Error("ARCHITECTURE.md has no '## Layers' section");
  const layers = [...section.matchAll(/^\d+\. `(lib\/[a-z_]+|entry files)`/gm)].map((m) => m[1]);
  if (layers.length === 0) throw new Error("ARCHITECTURE.md's Layers section lists no layers");
  return layers;
}

function sourceFiles() {
  const files = readdirSync(root).filter((name) => name.endsWith(".ts"));
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  walk("lib");
  return files;
}

/** Relative specifiers of every static, re-export and dynamic import. */
function importsOf(file) {
  const text = readFileSync(join(root, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const specifiers = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)"(\.{1,2}\/[^"]+)"/gm;
  for (const match of text.matchAll(pattern)) {
    specifiers.push(normalize(join(dirname(file), match[1])));
  }
  return specifiers;
}

function layerOf(file, layers) {
  const folder = dirname(file);
  if (folder === ".") return layers.indexOf("entry files");
  return layers.indexOf(folder.split("/").slice(0, 2).join("/"));
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(graph) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indexOf.get(next)));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? new Set()).has(node)) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

const layers = layerOrder();
const problems = [];
const fileGraph = new Map();
const folderGraph = new Map();
for (const file of sourceFiles()) {
  const from = layerOf(file, layers);
  if (from < 0) problems.push(`${file}: its folder is not in ARCHITECTURE.md's layer list`);
  const targets = new Set();
  for (const target of importsOf(file)) {
    const rel = relative(root, join(root, target));
    targets.add(rel);
    const to = layerOf(rel, layers);
    if (from >= 0 && to > from) {
      problems.push(`${file} imports ${rel}: ${layers[from]} may not import ${layers[to]}`);
    }
    const a = dirname(file);
    const b = dirname(rel);
    if (a !== b) {
      if (!folderGraph.has(a)) folderGraph.set(a, new Set());
      folderGraph.get(a).add(b);
    }
  }
  fileGraph.set(file, targets);
}
for (const component of cycles(fileGraph)) {
  problems.push(`import cycle between files: ${component.sort().join(", ")}`);
}
for (const component of cycles(folderGraph)) {
  problems.push(`import cycle between folders: ${component.sort().join(", ")}`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`check_layers: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(
  `check_layers: ${fileGraph.size} files, ${layers.length} layers, no cycles, no upward imports`,
);
