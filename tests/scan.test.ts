import assert from "node:assert/strict";
import { it } from "node:test";
import { skipTest } from "./support/skip.ts";
import { describeEachProtocol, skipUnsupported } from "./support/per_protocol.ts";

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
