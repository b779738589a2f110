/**
 * The `keyPrefix` option (as ioredis'): every key the command table knows
 * gets the prefix (single commands, pipelines, transactions, scripts,
 * `sendCommand`, locks, the blocking client, a cluster's routing, the
 * client-side cache), KEYS and SCAN stay in the namespace, and the replies
 * that name keys come back without it. Channels are not prefixed.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { Redis, RedisCluster, slotOf } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import type { RedisArg } from "../lib/resp/types.ts";
import { KEY_SPECS } from "../lib/commands/command_table.ts";
import { commandKeyPositions, commandKeys } from "../lib/commands/command_keys.ts";
import { escapeGlob, strippingTransform, withKeyPrefix } from "../lib/commands/key_prefix.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { direct, ownerOfSlot, startCluster, type TestCluster } from "./support/cluster.ts";
import { forKey, nextInvalidation, served } from "./support/cache.ts";
import { expectDataError } from "./support/data_error.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

const P = "app:";
const bytes = (text: string) => new TextEncoder().encode(text);

/** A seeded random source (mulberry32): the same argument lists on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNEL_COMMANDS = ["SPUBLISH", "SSUBSCRIBE", "SUNSUBSCRIBE"];

describe("withKeyPrefix over the command table", () => {
  it("prefixes exactly the positions commandKeys reports, for every command with key specs", () => {
    const random = seeded(16);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    for (const [name, specs] of Object.entries(KEY_SPECS)) {
      if (CHANNEL_COMMANDS.includes(name)) continue;
      const keywords = specs.flatMap(([begin]) => typeof begin === "number" ? [] : [begin[0]]);
      let prefixedSome = false;
      for (let round = 0; round < 40; round++) {
        const args: RedisArg[] = name.split(" ");
        const length = 1 + Math.floor(random() * 9);
        for (let i = 0; i < length; i++) {
          const roll = random();
          if (roll < 0.15 && keywords.length > 0) args.push(pick(keywords));
          else if (roll < 0.3) args.push(Math.floor(random() * 4));
          else if (roll < 0.4) args.push(String(Math.floor(random() * 4)));
          else if (roll < 0.55) args.push(bytes(`b${Math.floor(random() * 1000)}`));
          else args.push(`v${Math.floor(random() * 1000)}`);
        }
        // The numkeys forms: a count where a keynum spec reads it.
        for (const [begin, find] of specs) {
          if (find[0] === "keynum" && typeof begin === "number" && random() < 0.6) {
            const at = begin + find[1];
            if (at < args.length) args[at] = random() < 0.5 ? 1 + Math.floor(random() * 3) : "2";
          }
        }
        const positions = commandKeyPositions(args);
        assert.deepEqual(commandKeys(args), positions.map((i) => args[i]), `${name}: same walk`);
        const out = withKeyPrefix(args, P);
        assert.equal(out.length, args.length);
        for (let i = 0; i < args.length; i++) {
          const label = `${name} ${JSON.stringify(args.map(String))} at ${i}`;
          if (!positions.includes(i)) {
            assert.equal(out[i], args[i], label);
            continue;
          }
          prefixedSome = true;
          const key = args[i];
          if (key instanceof Uint8Array) {
            assert.deepEqual(out[i], new Uint8Array([...bytes(P), ...key]), label);
          } else assert.equal(out[i], P + String(key), label);
        }
        if (positions.length === 0) assert.equal(out, args, `${name}: no keys, no copy`);
      }
      assert.ok(prefixedSome, `${name}: some argument list had keys`);
    }
  });

  it("leaves the arguments given unchanged, and returns them as they are without a prefix", () => {
    const args: RedisArg[] = ["MSET", "a", "1", "b", "2"];
    assert.deepEqual(withKeyPrefix(args, P), ["MSET", "app:a", "1", "app:b", "2"]);
    assert.deepEqual(args, ["MSET", "a", "1", "b", "2"]);
    assert.equal(withKeyPrefix(args, undefined), args);
    assert.equal(withKeyPrefix(["PING"], P)[0], "PING");
  });

  it("leaves channels, SORT's BY/GET patterns and MIGRATE's empty key alone; prefixes SORT STORE", () => {
    for (const name of CHANNEL_COMMANDS) {
      const args = [name, "ch1", "ch2"];
      assert.equal(withKeyPrefix(args, P), args, name);
    }
    assert.deepEqual(withKeyPrefix(["PUBLISH", "ch", "m"], P), ["PUBLISH", "ch", "m"]);
    assert.deepEqual(
      withKeyPrefix(["SORT", "l", "BY", "w_*", "GET", "o_*", "STORE", "dst"], P),
      ["SORT", "app:l", "BY", "w_*", "GET", "o_*", "STORE", "app:dst"],
    );
    assert.deepEqual(
      withKeyPrefix(["MIGRATE", "h", 1, "", 0, 100, "KEYS", "a", "b"], P),
      ["MIGRATE", "h", 1, "", 0, 100, "KEYS", "app:a", "app:b"],
    );
  });

  it("escapes glob metacharacters in KEYS and SCAN patterns; SCAN without MATCH gets one", () => {
    assert.equal(escapeGlob("a*[b]?:\\"), "a\\*\\[b\\]\\?:\\\\");
    const p = "a*[b]?:";
    assert.deepEqual(withKeyPrefix(["KEYS", "u*"], p), ["KEYS", "a\\*\\[b\\]\\?:u*"]);
    assert.deepEqual(withKeyPrefix(["SCAN", "0"], p), ["SCAN", "0", "MATCH", "a\\*\\[b\\]\\?:*"]);
    assert.deepEqual(
      withKeyPrefix(["SCAN", "0", "match", bytes("x"), "COUNT", 5], "p:"),
      ["SCAN", "0", "match", bytes("p:x"), "COUNT", 5],
    );
    // HSCAN/SSCAN/ZSCAN match fields and members: only their key is prefixed.
    assert.deepEqual(withKeyPrefix(["HSCAN", "h", "0", "MATCH", "f*"], P), [
      "HSCAN",
      "app:h",
      "0",
      "MATCH",
      "f*",
    ]);
  });

  it("strips the prefix from key names in replies only when they start with it", () => {
    const keys = strippingTransform(["KEYS", "*"], undefined, P);
    assert.deepEqual(keys?.(["app:a", "other"]), ["a", "other"]);
    const raw = [bytes("app:a")];
    assert.deepEqual(strippingTransform(["KEYS", "*"], undefined, P)?.(raw), [bytes("a")]);
    assert.deepEqual(raw, [bytes("app:a")], "the reply received is not changed");
    const get = (reply: unknown) => reply;
    assert.equal(strippingTransform(["GET", "k"], get, P), get);
    assert.equal(strippingTransform(["KEYS", "*"], get, undefined), get);
  });
});

describe("keyPrefix on a server", () => {
  let server: TestServer;
  let raw: Redis;
  let redis: Redis;
  const clients: { close(): unknown }[] = [];
  before(async () => {
    server = await startServer();
    raw = await Redis.connect(server.url);
    redis = await Redis.connect({ url: server.url, keyPrefix: P });
  });
  afterEach(async () => {
    await raw.flushall();
  });
  after(async () => {
    for (const client of clients) await client.close();
    await redis?.close();
    await raw?.close();
    await server?.stop();
  });
  expectNoUnhandledRejections();

  async function rawKeys(): Promise<string[]> {
    return (await raw.keys("*")).sort();
  }

  /** A prefixed client writes and reads; exactly the prefixed keys exist afterwards. */
  const groups: { name: string; keys: string[]; run: (r: Redis) => Promise<void> }[] = [
    {
      name: "string",
      keys: ["7", "a", "b", "c", "n"],
      run: async (r) => {
        await r.set("a", "1");
        assert.equal(await r.get("a"), "1");
        await r.mset({ b: "2", c: "3" });
        assert.deepEqual(await r.mget("a", "b", "c", "zz"), ["1", "2", "3", null]);
        assert.equal(await r.incr("n"), 1);
        assert.deepEqual(await r.bytes.get(bytes("a")), bytes("1"), "a bytes key");
        await r.sendCommand(["SET", 7, "seven"]);
        assert.equal(await r.get("7"), "seven", "a number key");
      },
    },
    {
      name: "hash",
      keys: ["h"],
      run: async (r) => {
        await r.hset("h", { f: "v" });
        assert.equal(await r.hget("h", "f"), "v");
        assert.deepEqual({ ...await r.hgetall("h") }, { f: "v" });
      },
    },
    {
      name: "list",
      keys: ["l", "l2"],
      run: async (r) => {
        await r.rpush("l", "x", "y");
        assert.equal(await r.lmove("l", "l2", "left", "right"), "x");
        assert.deepEqual(await r.lrange("l2", 0, -1), ["x"]);
      },
    },
    {
      name: "set",
      keys: ["s1", "s2", "s3"],
      run: async (r) => {
        await r.sadd("s1", "a", "b");
        await r.sadd("s2", "b", "c");
        assert.equal(await r.sinterstore("s3", "s1", "s2"), 1);
        assert.deepEqual((await r.sunion("s1", "s2")).sort(), ["a", "b", "c"]);
      },
    },
    {
      name: "sorted set",
      keys: ["z", "z2"],
      run: async (r) => {
        await r.zadd("z", { member: "m", score: 1 });
        assert.equal(await r.zunionstore("z2", ["z", "z"]), 1);
        assert.deepEqual(await r.zrange("z2", 0, -1), ["m"]);
      },
    },
    {
      name: "generic (RENAME, COPY, OBJECT, EXPIRE, SORT STORE)",
      keys: ["g2", "g3", "sorted"],
      run: async (r) => {
        await r.set("g1", "v");
        await r.rename("g1", "g2");
        assert.equal(await r.copy("g2", "g3"), true);
        assert.equal(await r.expire("g3", 100), 1);
        assert.equal(await r.objectEncoding("g3"), "embstr");
        assert.equal(await r.exists("g1", "g2", "g3"), 2);
        await r.rpush("tmp", "2", "1");
        await r.sendCommand(["SORT", "tmp", "STORE", "sorted"]);
        await r.del("tmp");
        assert.deepEqual(await r.lrange("sorted", 0, -1), ["1", "2"]);
      },
    },
    {
      name: "bitmap",
      keys: ["b1", "b2"],
      run: async (r) => {
        await r.setbit("b1", 3, 1);
        assert.equal(await r.bitop("and", "b2", "b1"), 1);
        assert.equal(await r.bitcount("b2"), 1);
      },
    },
    {
      name: "hyperloglog",
      keys: ["p1", "p2"],
      run: async (r) => {
        await r.pfadd("p1", "a", "b");
        await r.pfmerge("p2", "p1");
        assert.equal(await r.pfcount("p2"), 2);
      },
    },
    {
      name: "geo (and GEORADIUS … STORE found by keyword)",
      keys: ["geo", "geo2"],
      run: async (r) => {
        await r.geoadd("geo", { longitude: 13.361389, latitude: 38.115556, member: "Palermo" });
        await r.geoadd("geo", { longitude: 15.087269, latitude: 37.502669, member: "Catania" });
        assert.ok((await r.geodist("geo", "Palermo", "Catania"))! > 100_000);
        await r.sendCommand(["GEORADIUS", "geo", 15, 37, 200, "km", "STORE", "geo2"]);
        assert.equal(await r.zcard("geo2"), 2);
      },
    },
    {
      name: "stream",
      keys: ["st"],
      run: async (r) => {
        await r.xadd("st", "*", { f: "v" });
        await r.xgroupCreate("st", "g", "0");
        const read = await r.xreadgroup("g", "c", { st: ">" });
        assert.equal(read?.[0].key, "st");
        assert.equal(await r.xlen("st"), 1);
      },
    },
    {
      name: "scripting (EVAL, script objects, FCALL)",
      keys: ["e1", "e2", "f1", "sc"],
      run: async (r) => {
        await r.eval("return redis.call('SET', KEYS[1], ARGV[1])", ["e1"], ["v"]);
        assert.equal(await r.eval("return KEYS[1]", ["e2"]), "app:e2");
        await r.set("e2", "x");
        const script = r.script("return redis.call('SET', KEYS[1], ARGV[1])");
        await script.run(["sc"], ["y"]);
        await r.functionLoad(
          "#!lua name=kp\nredis.register_function('kpset', function(keys, args) return redis.call('SET', keys[1], args[1]) end)",
          { replace: true },
        );
        await r.fcall("kpset", ["f1"], ["z"]);
        assert.deepEqual(await r.mget("e1", "sc", "f1"), ["v", "y", "z"]);
      },
    },
    {
      name: "blocking (BLPOP, BLMOVE)",
      keys: ["q2"],
      run: async (r) => {
        await r.rpush("q", "1", "2");
        assert.deepEqual(await r.blpop(["none", "q"], 1), { key: "q", element: "1" });
        assert.equal(await r.blmove("q", "q2", "left", "left", 1), "2");
      },
    },
    {
      name: "transactions (MULTI, WATCH)",
      keys: ["t1", "t2", "w"],
      run: async (r) => {
        assert.deepEqual(await r.multi().set("t1", "1").incr("t2").get("t1").exec(), [
          "OK",
          1,
          "1",
        ]);
        await r.set("w", "5");
        const result = await r.transaction(async (tx) => {
          const current = Number(await tx.get("w"));
          return tx.multi().set("w", String(current + 1)).exec();
        }, { watch: ["w"] });
        assert.deepEqual(result, ["OK"]);
        assert.equal(await r.get("w"), "6");
      },
    },
    {
      name: "pipelines (and sendCommand, runScript)",
      keys: ["x1", "x2", "x3"],
      run: async (r) => {
        const bump = r.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        const results = await r.pipeline().set("x1", "1").sendCommand(["SET", "x2", "2"])
          .runScript(bump, ["x3"], [3]).get("x1").exec();
        assert.deepEqual(results, ["OK", "OK", 3, "1"]);
      },
    },
    {
      name: "locks",
      keys: ["lk"],
      run: async (r) => {
        const lock = await r.lock("lk", { ttl: 10_000 });
        assert.equal(lock.name, "lk");
        assert.deepEqual(await rawKeys(), ["app:lk"]);
        await lock.extend(20_000);
        await lock.release();
        await r.set("lk", "kept");
      },
    },
  ];

  for (const group of groups) {
    it(`${group.name}: the prefixed keys, and nothing else, exist`, async () => {
      await group.run(redis);
      assert.deepEqual(await rawKeys(), group.keys.map((key) => P + key).sort());
    });
  }

  it("SCAN and KEYS stay in the namespace, with glob metacharacters in the prefix", async () => {
    const p = "a*[b]?:";
    const glob = await Redis.connect({ url: server.url, keyPrefix: p });
    clients.push(glob);
    await glob.mset({ u1: "1", u2: "2", other: "3" });
    // Keys the unescaped pattern would match too.
    await raw.mset({ "aX[b]Y:u3": "x", "ab?:u4": "x", "a*[b]?": "x", "u5": "x" });
    assert.deepEqual((await glob.keys("u*")).sort(), ["u1", "u2"]);
    assert.deepEqual((await glob.keys("*")).sort(), ["other", "u1", "u2"]);
    const page = await glob.scanPage("0", { count: 1000 });
    assert.equal(page.cursor, "0");
    assert.deepEqual([...page.keys].sort(), ["other", "u1", "u2"], "no MATCH: the namespace only");
    const seen: string[] = [];
    for await (const key of glob.scan({ match: "u*", count: 1 })) seen.push(key);
    assert.deepEqual(seen.sort(), ["u1", "u2"]);
    const all: string[] = [];
    for await (const key of glob.scan()) all.push(key);
    assert.deepEqual(all.sort(), ["other", "u1", "u2"]);
    const typed = await glob.scanPage("0", { type: "string", count: 1000 });
    assert.deepEqual([...typed.keys].sort(), ["other", "u1", "u2"]);
    // HSCAN's MATCH is about fields: not prefixed.
    await glob.hset("h", { f1: "1", g1: "2" });
    const fields: string[] = [];
    for await (const { field } of glob.hscan("h", { match: "f*" })) fields.push(field);
    assert.deepEqual(fields, ["f1"]);
  });

  for (const protocol of [2, 3] as const) {
    it(`stripped replies over RESP${protocol}: BLPOP, BZPOPMIN, LMPOP, XREAD, KEYS, SCAN, RANDOMKEY`, async () => {
      const r = await Redis.connect({ url: server.url, keyPrefix: P, protocol });
      clients.push(r);
      await r.rpush("l", "a", "b", "c");
      assert.deepEqual(await r.blpop(["l"], 1), { key: "l", element: "a" });
      assert.deepEqual(await r.sendCommand(["BRPOP", "l", 1]), ["l", "c"]);
      assert.deepEqual(await r.lmpop(["none", "l"], "left"), { key: "l", elements: ["b"] });
      assert.equal(await r.blpop(["l"], 0.1), null);
      await r.zadd("z", { member: "m", score: 1 }, { member: "n", score: 2 });
      assert.deepEqual(await r.bzpopmin(["z"], 1), { key: "z", member: "m", score: 1 });
      assert.deepEqual(await r.zmpop(["z"], "min"), {
        key: "z",
        members: [{ member: "n", score: 2 }],
      });
      const id = await r.xadd("s", "1-1", { f: "v" });
      const read = await r.xread({ s: "0" });
      assert.deepEqual(read?.map((stream) => stream.key), ["s"]);
      assert.equal(read?.[0].entries[0].id, id);
      const rawRead = await r.sendCommand(["XREAD", "STREAMS", "s", "0"]);
      const names = rawRead instanceof Map
        ? [...rawRead.keys()]
        : (rawRead as unknown[][]).map((x) => x[0]);
      assert.deepEqual(names, ["s"]);
      assert.deepEqual(await r.keys("*"), ["s"]);
      assert.deepEqual((await r.scanPage("0")).keys, ["s"]);
      assert.deepEqual(await r.bytes.keys("*"), [bytes("s")]);
      assert.equal(await r.randomkey(), "s");
      // A key outside the namespace comes back whole.
      await r.del("s");
      await raw.set("outside", "1");
      assert.equal(await r.randomkey(), "outside");
      const batch = await r.pipeline().keys("*").rpush("l2", "x").blpop(["l2"], 1).exec();
      assert.deepEqual(batch, [[], 1, { key: "l2", element: "x" }]);
      assert.deepEqual(await r.multi().rpush("l3", "y").lmpop(["l3"], "left").exec(), [1, {
        key: "l3",
        elements: ["y"],
      }]);
    });
  }

  it("channels are not prefixed", async () => {
    const sub = await redis.subscribe("news");
    const received = new Promise((resolve) => sub.addListener(({ channel }) => resolve(channel)));
    assert.equal(await raw.publish("news", "hi"), 1);
    assert.equal(await received, "news");
    await sub.unsubscribe();
    assert.equal(await redis.publish("nobody", "x"), 0);
  });

  it("duplicate() keeps the prefix and can override it", async () => {
    const same = redis.duplicate();
    const other = redis.duplicate({ keyPrefix: "other:" });
    const none = redis.duplicate({ keyPrefix: undefined });
    clients.push(same, other, none);
    await same.set("k", "1");
    await other.set("k", "2");
    await none.set("k", "3");
    assert.deepEqual(await rawKeys(), ["app:k", "k", "other:k"]);
  });

  it("the client-side cache: a second client's write to the prefixed key invalidates", async () => {
    const cached = await Redis.connect({ url: server.url, keyPrefix: P, cache: true });
    const broadcast = await Redis.connect({
      url: server.url,
      keyPrefix: P,
      cache: { mode: { broadcast: ["u:"] } },
    });
    clients.push(cached, broadcast);
    for (const [client, key] of [[cached, "k"], [broadcast, "u:1"]] as const) {
      await raw.set(P + key, "v1");
      assert.equal(await client.get(key), "v1");
      assert.deepEqual(await served(client, () => client.get(key)), { value: "v1", hit: true });
      const seen = nextInvalidation(client, forKey(P + key));
      await raw.set(P + key, "v2");
      await seen;
      assert.deepEqual(await served(client, () => client.get(key)), { value: "v2", hit: false });
    }
  });

  it("RedisSync takes it: commands, pipelines, scripts and sendCommand are prefixed", () => {
    const sync = RedisSync.connect({ url: server.url, keyPrefix: P });
    try {
      sync.set("s1", "1");
      assert.equal(sync.get("s1"), "1");
      assert.deepEqual(sync.pipeline().set("s2", "2").get("s2").exec(), ["OK", "2"]);
      assert.deepEqual(sync.multi().incr("s3").exec(), [1]);
      sync.script("return redis.call('SET', KEYS[1], 'x')").run(["s4"]);
      sync.sendCommand(["SET", "s5", "5"]);
      assert.deepEqual(sync.keys("*").sort(), ["s1", "s2", "s3", "s4", "s5"]);
      assert.deepEqual(sync.blpop(["none"], 0.1), null);
      sync.rpush("l", "a");
      assert.deepEqual(sync.blpop(["l"], 1), { key: "l", element: "a" });
    } finally {
      sync.close();
    }
  });

  it("a non-string or empty keyPrefix is a DataError naming it", () => {
    for (const value of [1, "", null, ["a"]]) {
      const label = JSON.stringify(value);
      expectDataError(label, () => new Redis({ port: 1, keyPrefix: value as never }), /keyPrefix/);
      expectDataError(
        label,
        () => new RedisSync({ port: 1, keyPrefix: value as never }),
        /keyPrefix/,
      );
      expectDataError(
        label,
        () => new RedisCluster({ nodes: [{ port: 1 }], keyPrefix: value as never }),
        /keyPrefix/,
      );
      expectDataError(label, () => redis.duplicate({ keyPrefix: value as never }), /keyPrefix/);
    }
    expectDataError(
      "key_prefix",
      () => new Redis({ port: 1, key_prefix: "a" } as never),
      /keyPrefix/,
    );
  });
});

describe("keyPrefix on a cluster", () => {
  let cluster: TestCluster;
  let raw: RedisCluster;
  before(async () => {
    cluster = await startCluster();
    raw = await RedisCluster.connect({ nodes: [cluster.urls[0]] });
  });
  after(async () => {
    await raw?.close();
    await cluster?.stop();
  });
  expectNoUnhandledRejections();

  it("routes by the prefixed key; a hash-tag prefix puts every key in one slot", async () => {
    const app = await RedisCluster.connect({ nodes: [cluster.urls[0]], keyPrefix: P });
    const tagged = app.duplicate({ keyPrefix: "{t}:" });
    try {
      await app.set("k1", "v");
      // The key lives on the master serving the prefixed name's slot.
      const owner = await ownerOfSlot(cluster, slotOf("app:k1"));
      assert.equal(await direct(owner, (client) => client.get("app:k1")), "v");
      assert.deepEqual(await app.mget("k1", "k2"), ["v", null]);
      // "a" and "b" hash to different slots; "{t}:a" and "{t}:b" to one.
      assert.notEqual(slotOf("a"), slotOf("b"));
      assert.deepEqual(await tagged.multi().set("a", "1").set("b", "2").mget("a", "b").exec(), [
        "OK",
        "OK",
        ["1", "2"],
      ]);
      assert.deepEqual(await raw.mget("{t}:a", "{t}:b"), ["1", "2"]);
      assert.deepEqual(await tagged.pipeline().get("a").sendCommand(["GET", "b"]).exec(), [
        "1",
        "2",
      ]);
      assert.equal(await tagged.script("return redis.call('GET', KEYS[1])").run(["a"]), "1");
      assert.deepEqual((await tagged.keys("*")).sort(), ["a", "b"]);
      const scanned: string[] = [];
      for await (const key of tagged.scan()) scanned.push(key);
      assert.deepEqual(scanned.sort(), ["a", "b"]);
    } finally {
      await tagged.close();
      await app.close();
    }
  });
});
