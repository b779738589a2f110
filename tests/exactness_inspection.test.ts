/**
 * No inspection of a client reaches a secret. A distinctive password, given
 * as `password`, in a URL, through a `credentials` provider and a
 * credentials stream, and as the sentinels' password, must never appear in:
 * each runtime's inspector (`node:util` inspect, `Deno.inspect`,
 * `Bun.inspect`) at depth Infinity with hidden properties and getters, in
 * `JSON.stringify`, nor anywhere a walk of own properties (names and
 * symbols), prototype getters, Map and Set entries and byte arrays reaches —
 * for the async client (and its views, pipeline, transaction, script,
 * subscription, pooled connection, pool stats, monitor), a sentinel-managed
 * client, a cluster client, and the blocking client (and its pipeline).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inspect as nodeInspect } from "node:util";
import { Redis, RedisCluster } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { freePort, startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const SECRET = `kEeL-s3cret-${crypto.randomUUID().slice(0, 8)}`;
const SECRET_BYTES = new TextEncoder().encode(SECRET);

expectNoUnhandledRejections();

type Inspector = [name: string, inspect: (value: unknown) => string];

/** Every inspector of the runtime, at full depth with hidden properties and getters. */
function inspectors(): Inspector[] {
  const options = { showHidden: true, getters: true, depth: Infinity };
  const found: Inspector[] = [["node:util inspect", (value) => nodeInspect(value, options)]];
  const deno = (globalThis as { Deno?: { inspect(value: unknown, options: object): string } })
    .Deno;
  if (deno !== undefined) found.push(["Deno.inspect", (value) => deno.inspect(value, options)]);
  const bun = (globalThis as { Bun?: { inspect(value: unknown, options: object): string } }).Bun;
  if (bun !== undefined) found.push(["Bun.inspect", (value) => bun.inspect(value, options)]);
  return found;
}

/** `JSON.stringify` that survives cycles and bigints. */
function json(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "bigint") return item.toString();
    if (typeof item === "object" && item !== null) {
      if (seen.has(item)) return "[cycle]";
      seen.add(item);
    }
    return item;
  }) ?? "";
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const isNative = (fn: unknown) =>
  typeof fn === "function" && Function.prototype.toString.call(fn).includes("[native code]");

/**
 * Every value reachable from `root` by own properties (names and symbols,
 * getters called), getters of non-native prototypes, Map and Set entries;
 * returns the paths where the secret was found, as a string or as bytes.
 */
function walk(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const queue: [unknown, string][] = [[root, "root"]];
  let visited = 0;
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string") {
      if (value.includes(SECRET)) found.push(path);
      return;
    }
    if ((typeof value === "object" || typeof value === "function") && value !== null) {
      if (!seen.has(value)) queue.push([value, path]);
    }
  };
  while (queue.length > 0 && visited < 200_000) {
    const [value, path] = queue.shift()!;
    if (seen.has(value)) continue;
    seen.add(value);
    visited++;
    const object = value as object;
    if (ArrayBuffer.isView(object)) {
      const bytes = new Uint8Array(object.buffer, object.byteOffset, object.byteLength);
      if (containsBytes(bytes, SECRET_BYTES)) found.push(`${path} (bytes)`);
      continue;
    }
    if (object instanceof ArrayBuffer) {
      if (containsBytes(new Uint8Array(object), SECRET_BYTES)) found.push(`${path} (buffer)`);
      continue;
    }
    if (object instanceof Map) {
      for (const [key, item] of object) {
        visit(key, `${path}.<key>`);
        visit(item, `${path}.get(${String(key)})`);
      }
    }
    if (object instanceof Set) { for (const item of object) visit(item, `${path}.<item>`); }
    for (const key of Reflect.ownKeys(object)) {
      let descriptor: PropertyDescriptor | undefined;
      try {
        descriptor = Object.getOwnPropertyDescriptor(object, key);
      } catch {
        continue;
      }
      if (descriptor === undefined) continue;
      const at = `${path}.${String(key)}`;
      if ("value" in descriptor) visit(descriptor.value, at);
      else if (descriptor.get !== undefined) {
        try {
          visit(descriptor.get.call(object), at);
        } catch { /* a getter that throws for this receiver */ }
      }
    }
    // Getters inherited from keel's own classes (not the runtime's).
    for (
      let proto = Object.getPrototypeOf(object);
      proto !== null && !isNative(proto.constructor);
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const key of Reflect.ownKeys(proto)) {
        const getter = Object.getOwnPropertyDescriptor(proto, key)?.get;
        if (getter === undefined) continue;
        try {
          visit(getter.call(object), `${path}.${String(key)}`);
        } catch { /* not for this receiver */ }
      }
    }
  }
  return found;
}

/** The secret is nowhere in what any inspector, JSON.stringify or the walk shows of `value`. */
function assertNoSecret(label: string, value: unknown): void {
  for (const [name, inspect] of inspectors()) {
    const shown = inspect(value);
    assert.ok(!shown.includes(SECRET), `${label}: ${name} shows the secret:\n${shown}`);
  }
  assert.ok(!json(value).includes(SECRET), `${label}: JSON.stringify shows the secret`);
  assert.deepEqual(walk(value), [], `${label}: a property walk reaches the secret`);
}

/** A credentials stream: the secret, then nothing more. */
async function* credentialStream() {
  yield { password: SECRET };
  await new Promise(() => {});
}

describe("no inspection of a client reaches its password", () => {
  let server: TestServer;
  const closers: (() => unknown)[] = [];

  before(async () => {
    server = await startServer({ args: ["--requirepass", SECRET] });
  });

  after(async () => {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {});
    await server.stop();
  });

  it("the checks themselves find a secret in a property, a getter, a Map, a symbol key and bytes", () => {
    class Holder {
      #secret = SECRET;
      get secret() {
        return this.#secret;
      }
    }
    const places: unknown[] = [
      { a: { b: [SECRET] } },
      new Holder(),
      new Map([["k", { v: SECRET }]]),
      { [Symbol("s")]: SECRET },
      { bytes: new TextEncoder().encode(`AUTH ${SECRET}`) },
    ];
    for (const place of places) assert.notDeepEqual(walk(place), [], String(place));
    assert.throws(() => assertNoSecret("holder", new Holder()), /shows the secret/);
  });

  it("the async client, its views, pipelines, scripts, subscription, pooled connection and monitor", async () => {
    const redis = await Redis.connect({ port: server.port, password: SECRET });
    closers.push(() => redis.close());
    assert.equal(await redis.ping(), "PONG");
    const subscription = await redis.subscribe("news");
    closers.push(() => subscription.unsubscribe());
    const pooled = await redis.acquire();
    closers.push(() => pooled.release());
    await pooled.ping();
    const monitor = await redis.monitor();
    closers.push(() => monitor.close());
    const objects: [string, unknown][] = [
      ["Redis", redis],
      ["redis.bytes", redis.bytes],
      ["redis.with()", redis.with({ timeout: 1000 })],
      ["pipeline", redis.pipeline().get("k")],
      ["multi", redis.multi().get("k")],
      ["script", redis.script("return 1")],
      ["subscription", subscription],
      ["pooled connection", pooled],
      ["pool stats", redis.poolStats],
      ["monitor", monitor],
      ["events", redis.events],
    ];
    for (const [label, value] of objects) assertNoSecret(label, value);
  });

  it("a client given the password in its URL", async () => {
    const redis = await Redis.connect(`redis://:${SECRET}@127.0.0.1:${server.port}/0`);
    closers.push(() => redis.close());
    assert.equal(await redis.ping(), "PONG");
    assertNoSecret("URL client", redis);
  });

  it("a TLS private key, of the client and of its sentinels, is out of reach too", () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----`;
    const redis = new Redis({ port: server.port, tls: { key, cert: "cert" } });
    closers.push(() => redis.close());
    assertNoSecret("TLS client", redis);
    const sentinel = new Redis({
      sentinel: { name: "m", sentinels: [{ port: server.port }], tls: { key, cert: "cert" } },
    });
    closers.push(() => sentinel.close());
    assertNoSecret("sentinel TLS client", sentinel);
  });

  it("clients given a credentials provider and a credentials stream", async () => {
    const provided = await Redis.connect({
      port: server.port,
      credentials: () => ({ password: SECRET }),
    });
    closers.push(() => provided.close());
    assert.equal(await provided.ping(), "PONG");
    assertNoSecret("provider client", provided);
    const streamed = await Redis.connect({ port: server.port, credentials: credentialStream() });
    closers.push(() => streamed.close());
    assert.equal(await streamed.ping(), "PONG");
    assertNoSecret("stream client", streamed);
  });

  it("a sentinel-managed client, with the sentinels' password and the server's", async () => {
    const nobody = await freePort();
    const redis = new Redis({
      sentinel: { name: "mymaster", sentinels: [`127.0.0.1:${nobody}`], password: SECRET },
      password: SECRET,
      reconnect: false,
      socketConnectTimeout: 1000,
    });
    closers.push(() => redis.close());
    await redis.ping().catch(() => {}); // no sentinel answers: the resolver was used all the same
    assertNoSecret("sentinel client", redis);
  });

  it("a cluster client, with the password in its options and in a seed URL", async () => {
    const cluster = new RedisCluster({
      nodes: [`redis://:${SECRET}@127.0.0.1:${server.port}`],
      password: SECRET,
      refreshInterval: 0,
    });
    closers.push(() => cluster.close());
    // The seed is no cluster node: the refresh fails after connecting (and authenticating).
    await cluster.refresh().catch(() => {});
    assertNoSecret("cluster client", cluster);
    assertNoSecret("cluster pipeline", cluster.pipeline().get("k"));
  });

  it("the blocking client and its pipeline", () => {
    const redis = RedisSync.connect({ port: server.port, password: SECRET });
    closers.push(() => redis.close());
    assert.equal(redis.ping(), "PONG");
    assertNoSecret("RedisSync", redis);
    assertNoSecret("RedisSync pipeline", redis.pipeline().get("k"));
    assertNoSecret("RedisSync bytes", redis.bytes);
    const fromUrl = RedisSync.connect(`redis://:${SECRET}@127.0.0.1:${server.port}`);
    closers.push(() => fromUrl.close());
    assertNoSecret("RedisSync from a URL", fromUrl);
  });

  it("inspecting a client shows a summary: where it goes, its database and status", () => {
    const redis = new Redis({ port: 1, db: 2, password: SECRET });
    for (const [name, inspect] of inspectors()) {
      const shown = inspect(redis);
      assert.match(shown, /^Redis \{/, name);
      assert.match(shown, /127\.0\.0\.1:1/, name);
      assert.match(shown, /db: 2/, name);
    }
    assert.match(
      nodeInspect(new RedisSync({ port: 3 })),
      /^RedisSync \{ address: '127\.0\.0\.1:3'/,
    );
  });
});
