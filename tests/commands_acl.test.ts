import assert from "node:assert/strict";
import { it } from "node:test";
import { AuthorizationError, DataError, Redis, ResponseError } from "../mod.ts";
import { assertSameOnBothProtocols, typeShape, without } from "./support/both_protocols.ts";
import { describeEachClient, type ProtocolContext } from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

/**
 * Log in as `username` (password "pw") over the group's protocol and be
 * refused a GET: one entry in the ACL log.
 */
async function refusedGet(ctx: ProtocolContext, username: string): Promise<void> {
  await using client = await Redis.connect({
    port: ctx.server.port,
    username,
    password: "pw",
    protocol: ctx.protocol,
  });
  await assert.rejects(client.get("k"), AuthorizationError);
}

describeEachClient("ACL commands", (ctx) => {
  it("SETUSER, GETUSER, USERS, LIST, WHOAMI, DRYRUN, DELUSER", async () => {
    assert.equal(await ctx.redis.aclSetuser("alice", "on", ">secret", "~app:*", "+get"), "OK");
    const alice = await ctx.redis.aclGetuser("alice");
    assert.ok(alice !== null);
    assert.ok(alice.flags.includes("on"));
    assert.equal(alice.keys, "~app:*");
    assert.deepStrictEqual(alice.selectors, []);
    assert.equal(await ctx.redis.aclGetuser("nobody"), null);
    assert.deepEqual((await ctx.redis.aclUsers()).sort(), ["alice", "default"]);
    assert.ok((await ctx.redis.aclList()).some((line) => line.startsWith("user alice on")));
    assert.equal(await ctx.redis.aclWhoami(), "default");
    assert.equal(await ctx.redis.aclDryrun("alice", ["GET", "app:1"]), "OK");
    assert.match(await ctx.redis.aclDryrun("alice", ["SET", "app:1", "v"]), /no permissions/);
    assert.equal(await ctx.redis.aclDeluser("alice", "nobody"), 1);
    assert.throws(() => ctx.redis.aclDeluser(), DataError);
  });

  it("CAT, GENPASS, HELP; LOG records a denial and RESET clears it", async () => {
    assert.ok((await ctx.redis.aclCat()).includes("dangerous"));
    assert.ok((await ctx.redis.aclCat("dangerous")).includes("flushall"));
    assert.match(await ctx.redis.aclGenpass(), /^[0-9a-f]{64}$/);
    assert.match(await ctx.redis.aclGenpass(32), /^[0-9a-f]{8}$/);
    assert.match((await ctx.redis.aclHelp())[0], /ACL/);
    await ctx.redis.aclLogReset();
    await ctx.redis.aclSetuser("bob", "on", ">pw", "~*", "+ping");
    await refusedGet(ctx, "bob");
    const [entry] = await ctx.redis.aclLog(1);
    assert.equal(entry.username, "bob");
    assert.equal(entry.reason, "command");
    assert.equal(await ctx.redis.aclLogReset(), "OK");
    assert.deepEqual(await ctx.redis.aclLog(), []);
    await ctx.redis.aclDeluser("bob");
  });

  it("LOAD and SAVE need an ACL file: a typed error here", async () => {
    await assert.rejects(ctx.redis.aclLoad(), ResponseError);
    await assert.rejects(ctx.redis.aclSave(), ResponseError);
  });
});

describeEachClient("ACL replies over RESP2 and RESP3", (ctx) => {
  it("GETUSER (selectors included), USERS, WHOAMI, DRYRUN: the same over both", async () => {
    await ctx.redis.aclSetuser("carol", "reset", "on", ">pw", "~k*", "&news", "+get", "(~x* +set)");
    try {
      const carol = await assertSameOnBothProtocols(ctx, (redis) => redis.aclGetuser("carol"));
      assert.ok(carol !== null);
      assert.equal(Object.getPrototypeOf(carol), null);
      assert.deepStrictEqual(
        without(carol, "passwords"),
        record({
          flags: ["on", "sanitize-payload"],
          commands: "-@all +get",
          keys: "~k*",
          channels: "&news",
          selectors: [record({ commands: "-@all +set", keys: "~x*", channels: "" })],
        }),
      );
      assert.match(carol.passwords[0], /^[0-9a-f]{64}$/);
      await assertSameOnBothProtocols(ctx, (redis) => redis.aclGetuser("default"));
      await assertSameOnBothProtocols(ctx, (redis) => redis.aclGetuser("nobody"));
      await assertSameOnBothProtocols(ctx, (redis) => redis.bytes.aclGetuser("carol"));
      await assertSameOnBothProtocols(ctx, (redis) => redis.aclUsers());
      await assertSameOnBothProtocols(ctx, (redis) => redis.aclWhoami());
      await assertSameOnBothProtocols(ctx, (redis) => redis.aclDryrun("carol", ["SET", "k", "v"]));
    } finally {
      await ctx.redis.aclDeluser("carol");
    }
  });

  it("LOG: the same over both, age-seconds a number", async () => {
    await ctx.redis.aclLogReset();
    await ctx.redis.aclSetuser("dave", "reset", "on", ">pw", "~*", "+ping");
    try {
      await refusedGet(ctx, "dave");
      const log = await assertSameOnBothProtocols(
        ctx,
        (redis) => redis.aclLog(),
        (entries) => entries.map((entry) => without(entry, "age-seconds")),
      );
      await assertSameOnBothProtocols(ctx, (redis) => redis.aclLog(), typeShape);
      assert.equal(log.length, 1);
      assert.equal(Object.getPrototypeOf(log[0]), null);
      assert.equal(typeof log[0]["age-seconds"], "number");
      assert.equal(log[0].count, 1);
      assert.equal(log[0].object, "get");
    } finally {
      await ctx.redis.aclDeluser("dave");
      await ctx.redis.aclLogReset();
    }
  });
});
