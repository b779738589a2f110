// Count the leaf test cases of JUnit reports from `deno test`, `bun test` and
// `node --test`, print a line per runtime, and end with `N passed, N failed, N skipped`.
// Usage: node scripts/count_results.mjs deno=REPORT[:SKIPPED] bun=REPORT[:SKIPPED] node=REPORT
// Node nests describe() blocks as <testsuite>s: its <testcase>s are all leaves. It leaves
// `>` unescaped in attribute values, so attributes are read as quoted strings.
// Deno reports a describe() block as a test case too, with its steps named
// "block > step": a case whose name prefixes another's is a block, not a test.
// Deno also reports a test that skipped itself as passed: SKIPPED, when given,
// lists the full names of those (one a line), and they count as skipped.
import { existsSync, readFileSync } from "node:fs";

const entities = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'" };
const unescape = (text) => text.replace(/&(lt|gt|amp|quot|apos);/g, (m) => entities[m]);

function countReport(file, selfSkipped, nested) {
  const xml = readFileSync(file, "utf8");
  const cases = [];
  const pattern = /<testcase\b((?:[^>"]|"[^"]*")*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(pattern)) {
    const name = unescape(/\bname="([^"]*)"/.exec(match[1])?.[1] ?? "");
    const classname = unescape(/\bclassname="([^"]*)"/.exec(match[1])?.[1] ?? "");
    const body = match[2] ?? "";
    const status = /<(failure|error)\b/.test(body)
      ? "failed"
      : /<skipped\b/.test(body)
      ? "skipped"
      : "passed";
    cases.push({ name, classname, status });
  }
  const names = cases.map((c) => c.name);
  const leaves = nested
    ? cases.filter((c) => !names.some((other) => other.startsWith(`${c.name} > `)))
    : cases;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const leaf of leaves) {
    counts[leaf.status === "passed" && selfSkipped.has(leaf.name) ? "skipped" : leaf.status]++;
  }
  const failures = leaves.filter((leaf) => leaf.status === "failed").map((leaf) => leaf.name);
  return { counts, failures };
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const arg of process.argv.slice(2)) {
  const [runtime, files] = arg.split("=");
  const [file, skippedFile] = files.split(":");
  const selfSkipped = new Set(
    skippedFile && existsSync(skippedFile)
      ? readFileSync(skippedFile, "utf8").split("\n").filter(Boolean)
      : [],
  );
  if (!existsSync(file)) {
    console.log(`${runtime}: no report (${file}): the test run did not finish`);
    total.failed++;
    continue;
  }
  const { counts, failures } = countReport(file, selfSkipped, runtime !== "node");
  console.log(
    `${runtime}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  for (const name of failures) console.log(`  failed on ${runtime}: ${name}`);
  for (const key of Object.keys(total)) total[key] += counts[key];
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
