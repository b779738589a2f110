import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, Redis } from "../mod.ts";
import { skipTest } from "./support/skip.ts";
import {
  describeEachClient,
  describeEachProtocol,
  skipUnsupported,
} from "./support/per_protocol.ts";

describeEachProtocol("scan iterators", (ctx) => {
  it("scan follows the cursor over every key, with match and type", async () => {
    const keys = Array.from({ length: 500 }, (_, i) => `user:${i}`);
    await ctx.redis.mset(keys.map((key) => [key, "x"] as [string, string]));
    await ctx.redis.sadd("set:1", "a");
    const seen = new Set<string>();
    for await (const key of ctx.redis.scan({ match: "user:*", count: 50 })) seen.add(key);
    assert.deepEqual([...seen].sort(), [...keys].sort());
    const sets: string[] = [];
    for await (const key of ctx.redis.scan({ type: "set" })) sets.push(key);
    assert.deepEqual(sets, ["set:1"]);
  });

  it("break stops the iteration without error", async () => {
    await ctx.redis.mset(Array.from({ length: 100 }, (_, i) => [`k${i}`, "v"] as [string, string]));
    let count = 0;
    for await (const _ of ctx.redis.scan({ count: 10 })) {
      if (++count === 3) break;
    }
    assert.equal(count, 3);
    assert.equal(await ctx.redis.ping(), "PONG");
  });

  it("hscan yields fields with values", async () => {
    const fields = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`]));
    await ctx.redis.hset("h", fields);
    const seen: Record<string, string> = {};
    for await (const { field, value } of ctx.redis.hscan("h", { count: 20 })) seen[field] = value;
    assert.deepEqual(seen, fields);
  });

  it("hscan with novalues yields field names (Redis 7.4+)", async (t) => {
    await ctx.redis.hset("h", { a: "1" });
    const fields: string[] = [];
    try {
      for await (const field of ctx.redis.hscan("h", { novalues: true })) fields.push(field);
    } catch (error) {
      if (skipUnsupported(t, error)) return;
      if (/syntax error/i.test(String(error))) {
        return skipTest(
          t,
          "skipped: HSCAN NOVALUES needs Redis 7.4 (the server says: syntax error)",
        );
      }
      throw error;
    }
    assert.deepEqual(fields, ["a"]);
  });

  it("sscan yields members, zscan members with numeric scores", async () => {
    const members = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await ctx.redis.sadd("s", ...members);
    const seen = new Set<string>();
    for await (const member of ctx.redis.sscan("s", { match: "m1*" })) seen.add(member);
    assert.deepEqual([...seen].sort(), members.filter((m) => m.startsWith("m1")).sort());
    await ctx.redis.zadd("z", { score: 1.5, member: "a" }, { score: -Infinity, member: "b" });
    const scored: Record<string, number> = {};
    for await (const { member, score } of ctx.redis.zscan("z")) scored[member] = score;
    assert.deepEqual(scored, { a: 1.5, b: -Infinity });
  });

  it("the bytes view yields Uint8Array keys", async () => {
    await ctx.redis.set(new Uint8Array([0xff, 0x00]), "v");
    const keys: Uint8Array[] = [];
    for await (const key of ctx.redis.bytes.scan()) keys.push(key);
    assert.deepEqual(keys, [new Uint8Array([0xff, 0x00])]);
  });
});

/** Field names that are members of `Object.prototype`. */
const PROTOTYPE_NAMES = ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"];

describeEachClient("scan pages", (ctx) => {
  /** A client of the other protocol on the same server, for comparing pages. */
  async function otherProtocol(): Promise<Redis> {
    return await Redis.connect({ port: ctx.server.port, protocol: ctx.protocol === 2 ? 3 : 2 });
  }

  /**
   * Every page of a walk from cursor "0" until the cursor is "0" again, asked
   * of the group's client. Each page's cursor must be a string (else the walk
   * would not end); when `other` is given, each page must be the one `other`
   * gives for the same cursor.
   */
  async function walk<P extends { cursor: string }>(
    page: (redis: Redis, cursor: string) => Promise<P>,
    other?: Redis,
  ): Promise<P[]> {
    const pages: P[] = [];
    let cursor = "0";
    do {
      const next = await page(ctx.redis, cursor);
      assert.equal(typeof next.cursor, "string");
      if (other !== undefined) assert.deepEqual(await page(other, cursor), next);
      pages.push(next);
      cursor = next.cursor;
    } while (cursor !== "0");
    return pages;
  }

  it("scanPage walks a 1,000-key database collecting every key exactly once", async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `key:${i}`);
    await ctx.redis.mset(keys.map((key): [string, string] => [key, "v"]));
    const pages = await walk((redis, cursor) => redis.scanPage(cursor, { count: 37 }));
    const seen = pages.flatMap((page) => page.keys);
    assert.ok(pages.length > 1, `${pages.length} pages`);
    assert.equal(seen.length, 1000, "no key twice");
    assert.deepEqual(seen.sort(), keys.sort());
  });

  it("scanPage gives the same pages on RESP2 and RESP3", async () => {
    await ctx.redis.mset(Array.from({ length: 300 }, (_, i): [string, string] => [`k${i}`, "v"]));
    await using other = await otherProtocol();
    await walk((redis, cursor) => redis.scanPage(cursor, { count: 50, match: "k1*" }), other);
  });

  it("scanPage with match and type; the cursor as a string, a bigint or a number", async () => {
    await ctx.redis.mset({ "user:1": "a", "user:2": "b", other: "c" });
    await ctx.redis.sadd("user:set", "x");
    const all = async (options: { match?: string; type?: string }) => {
      const found: string[] = [];
      let cursor: string | bigint | number = 0;
      do {
        const page = await ctx.redis.scanPage(cursor, options);
        found.push(...page.keys);
        cursor = BigInt(page.cursor);
      } while (cursor !== 0n);
      return found.sort();
    };
    assert.deepEqual(await all({ match: "user:*" }), ["user:1", "user:2", "user:set"]);
    assert.deepEqual(await all({ match: "user:*", type: "string" }), ["user:1", "user:2"]);
    assert.deepEqual(await all({ type: "set" }), ["user:set"]);
    assert.deepEqual(await ctx.redis.scanPage("0", { match: "nothing*", count: 1000 }), {
      cursor: "0",
      keys: [],
    });
  });

  it("scanPage rejects cursors and options that are not one", () => {
    for (
      const cursor of [-1, 1.5, NaN, 2 ** 60, "12a", "", " 1", -1n, 2n ** 64n, Object.create(null)]
    ) {
      assert.throws(() => ctx.redis.scanPage(cursor as never), DataError, String(typeof cursor));
    }
    assert.throws(() => ctx.redis.scanPage("0", { count: 0 }), /scanPage count/);
    assert.throws(() => ctx.redis.scanPage("0", { type: 1 } as never), /scanPage type/);
    assert.throws(() => ctx.redis.hscanPage("h", "0", { type: "hash" } as never), /hscanPage/);
    assert.throws(
      () => ctx.redis.hscanPage("h", "0", { novalues: "yes" } as never),
      /hscanPage novalues: expected a boolean/,
    );
    assert.throws(
      () => ctx.redis.sscanPage("s", "0", { novalues: true } as never),
      /hscanPage only/,
    );
    assert.throws(
      () => ctx.redis.sscanPage("s", "0", { match: Symbol("x") } as never),
      /sscanPage match: expected a pattern \(a string or bytes\), got the symbol "x"/,
    );
  });

  it("a cursor past 2^53 goes to the server digit for digit", async () => {
    // The server answers a cursor it never gave with some page; it must not see a rounded one.
    const big = "18446744073709551615";
    const page = await ctx.redis.scanPage(big);
    assert.equal(typeof page.cursor, "string");
    assert.deepEqual(await ctx.redis.scanPage(2n ** 64n - 1n), page);
  });

  it("hscanPage walks a hash, fields with values, fields named like prototype members too", async () => {
    const fields: [string, string][] = Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`]);
    for (const name of PROTOTYPE_NAMES) fields.push([name, `own:${name}`]);
    await ctx.redis.hset("h", fields);
    const seen = new Map<string, string>();
    for (const page of await walk((redis, cursor) => redis.hscanPage("h", cursor, { count: 25 }))) {
      for (const { field, value } of page.entries) {
        assert.ok(!seen.has(field), `${field} twice`);
        seen.set(field, value);
      }
    }
    assert.deepEqual([...seen].sort(), [...fields].sort());
    assert.equal(seen.get("__proto__"), "own:__proto__");
  });

  it("hscanPage of a small hash: one page, field named __proto__ included, same on both protocols", async () => {
    await ctx.redis.hset("h", [["__proto__", "p"], ["constructor", "c"]]);
    const page = await ctx.redis.hscanPage("h", "0");
    assert.deepEqual(page, {
      cursor: "0",
      entries: [{ field: "__proto__", value: "p" }, { field: "constructor", value: "c" }],
    });
    await using other = await otherProtocol();
    assert.deepEqual(await other.hscanPage("h", "0"), page);
    assert.deepEqual(await ctx.redis.hscanPage("h", 0, { match: "__*" }), {
      cursor: "0",
      entries: [{ field: "__proto__", value: "p" }],
    });
    assert.deepEqual(await ctx.redis.hscanPage("missing", "0"), { cursor: "0", entries: [] });
  });

  it("sscanPage walks a set, every member once, same pages on both protocols", async () => {
    const members = Array.from({ length: 400 }, (_, i) => `m${i}`);
    await ctx.redis.sadd("s", ...members);
    await using other = await otherProtocol();
    const pages = await walk((redis, cursor) => redis.sscanPage("s", cursor, { count: 30 }), other);
    const seen = pages.flatMap((page) => page.members);
    assert.deepEqual(seen.sort(), members.sort());
  });

  it("zscanPage walks a sorted set with numeric scores, same pages on both protocols", async () => {
    const members = Array.from({ length: 300 }, (_, i) => ({ score: i / 2, member: `m${i}` }));
    members.push({ score: -Infinity, member: "low" }, { score: Infinity, member: "high" });
    await ctx.redis.zadd("z", ...members);
    await using other = await otherProtocol();
    const pages = await walk((redis, cursor) => redis.zscanPage("z", cursor, { count: 40 }), other);
    const seen = pages.flatMap((page) => page.members);
    const byName = (a: { member: string }, b: { member: string }) =>
      a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
    assert.deepEqual(seen.sort(byName), members.sort(byName));
  });

  it("the bytes view's scanPage gives Uint8Array keys and a string cursor", async () => {
    await ctx.redis.set(new Uint8Array([0xff, 0x00]), "v");
    assert.deepEqual(await ctx.redis.bytes.scanPage("0"), {
      cursor: "0",
      keys: [new Uint8Array([0xff, 0x00])],
    });
    await ctx.redis.hset("h", [["__proto__", "p"]]);
    const page = await ctx.redis.bytes.hscanPage("h", "0");
    assert.deepEqual(page.entries, [{
      field: new TextEncoder().encode("__proto__"),
      value: new TextEncoder().encode("p"),
    }]);
  });
});
