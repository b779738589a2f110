/**
 * A caching client keeps the process alive no more than one without a
 * cache: a script that reads, writes and forgets `close()` exits by itself,
 * over RESP3 and RESP2 (where it also holds an invalidation connection),
 * and also while that connection is being set up again after it was lost.
 * The scripts run in a child process (Deno with nothing but
 * `--allow-net=127.0.0.1:<port>`), killed after a hard bound.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, describe, it } from "node:test";
import { Redis } from "../mod.ts";
import { until } from "./support/cache.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const isDeno = "Deno" in globalThis;
const mod = new URL("../mod.ts", import.meta.url).href;

/** The script: read and write with the cache on, optionally lose the listener, never close. */
const SCRIPT = `
import { Redis } from ${JSON.stringify(mod)};
const [port, protocol, killListener] = (globalThis.Deno?.args ?? process.argv.slice(2));
const redis = await Redis.connect({ port: Number(port), protocol: Number(protocol), cache: true });
await redis.set("exit", "1");
await redis.get("exit");
await redis.get("exit");
const cached = redis.cacheStats.entries > 0;
if (killListener === "yes") {
  const { redirect } = await redis.clientTrackinginfo();
  await redis.clientKill({ id: redirect });
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log("done", cached);
`;

describe("a caching client lets the process exit", () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer();
    dir = mkdtempSync(join(tmpdir(), "keel-cache-exit-"));
    writeFileSync(join(dir, "script.ts"), SCRIPT);
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });
  expectNoUnhandledRejections();

  for (const [protocol, killListener] of [[3, "no"], [2, "no"], [2, "yes"]] as const) {
    const title = killListener === "yes"
      ? `over RESP${protocol}, while its lost invalidation connection is set up again`
      : `over RESP${protocol}`;
    it(title, async () => {
      const path = join(dir, "script.ts");
      const args = [String(server.port), String(protocol), killListener];
      const argv = isDeno
        ? ["run", "--no-check", `--allow-net=127.0.0.1:${server.port}`, path, ...args]
        : [path, ...args];
      const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (chunk) => stdout += chunk);
      child.stderr!.on("data", (chunk) => stderr += chunk);
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
        child.on("exit", (code, signal) => resolve([code, signal]))
      );
      clearTimeout(killer);
      assert.equal(signal, null, `killed at the bound: it did not exit by itself (${stdout})`);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /done true/);
    });
  }

  it("the server saw the script's connections go", async () => {
    await using redis = await Redis.connect({ port: server.port });
    await until(async () => (await redis.clientList()).length === 1, 5000, "only this one left");
  });
});
