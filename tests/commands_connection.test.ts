import assert from "node:assert/strict";
import { it } from "node:test";
import { AuthenticationError, DataError, Redis, ResponseError } from "../mod.ts";
import { assertSameOnBothProtocols, typeShape, without } from "./support/both_protocols.ts";
import {
  describeEachClient,
  skipOnBlockingClient,
  skipUnsupported,
} from "./support/per_protocol.ts";
import { record } from "./support/record.ts";

describeEachClient("connection commands", (ctx) => {
  /** A client of its own, for commands that change the connection's state. */
  const own = () => Redis.connect({ port: ctx.server.port, protocol: ctx.protocol });

  it("AUTH: the default user's empty password is refused without requirepass", async () => {
    await using redis = await own();
    await assert.rejects(redis.auth("nope"), ResponseError);
    await assert.rejects(redis.auth("nope", "nobody"), AuthenticationError);
  });

  it("HELLO reports server, version and the protocol; switching it works", async () => {
    await using redis = await own();
    const hello = await redis.hello();
    assert.equal(hello.server, "redis");
    assert.match(String(hello.version), /^\d+\.\d+\.\d+$/);
    assert.equal(hello.proto, ctx.protocol);
    const switched = await redis.hello(3, { setname: "hello-name" });
    assert.equal(switched.proto, 3);
    assert.equal(await redis.clientGetname(), "hello-name");
    assert.throws(() => redis.hello(undefined, { setname: "x" }), DataError);
    assert.throws(() => redis.hello(4 as 3), DataError);
  });

  it("SELECT changes the database of the connection", async () => {
    await using redis = await own();
    await redis.set("k", "db0");
    assert.equal(await redis.select(5), "OK");
    assert.equal(await redis.get("k"), null);
    await redis.set("k", "db5");
    await redis.select(0);
    assert.equal(await redis.get("k"), "db0");
    assert.throws(() => redis.select(-1), DataError);
  });

  it("RESET answers RESET and forgets the name; QUIT answers OK", async () => {
    await using redis = await own();
    await redis.clientSetname("before-reset");
    assert.equal(await redis.reset(), "RESET");
    assert.equal(await redis.clientGetname(), null);
    await using quitter = await own();
    assert.equal(await quitter.quit(), "OK");
  });

  it("CLIENT ID, INFO, LIST and SETNAME/GETNAME describe the connection", async () => {
    await using redis = await own();
    assert.equal(await redis.clientGetname(), null);
    assert.equal(await redis.clientSetname("me"), "OK");
    assert.equal(await redis.clientGetname(), "me");
    const id = await redis.clientId();
    assert.equal(typeof id, "number");
    assert.ok(Number.isInteger(id) && id > 0);
    const info = await redis.clientInfo();
    assert.equal(info.id, String(id));
    assert.equal(info.name, "me");
    const list = await redis.clientList({ type: "normal" });
    assert.ok(list.some((client) => client.id === String(id) && client.name === "me"));
    const byId = await redis.clientList({ id: [id] });
    assert.equal(byId.length, 1);
    assert.equal(byId[0].name, "me");
  });

  it("CLIENT KILL closes another connection by id; no filter is a DataError", async () => {
    await using victim = await own();
    const id = await victim.clientId();
    assert.equal(await ctx.redis.clientKill({ id, skipme: true }), 1);
    assert.equal(await ctx.redis.clientKill({ id }), 0);
    assert.throws(() => ctx.redis.clientKill({}), /at least one filter/);
  });

  it("CLIENT HELP, GETREDIR and TRACKINGINFO", async () => {
    assert.match((await ctx.redis.clientHelp())[0], /CLIENT/);
    assert.equal(await ctx.redis.clientGetredir(), -1);
    assert.deepStrictEqual(
      await ctx.redis.clientTrackinginfo(),
      record({ flags: ["off"], redirect: -1, prefixes: [] }),
    );
  });

  it("CLIENT TRACKING on with BCAST shows in TRACKINGINFO; CACHING needs OPTIN", async () => {
    await using redis = await Redis.connect({ port: ctx.server.port, protocol: 3 });
    assert.equal(await redis.clientTracking(true, { bcast: true, prefix: ["user:"] }), "OK");
    const info = await redis.clientTrackinginfo();
    assert.deepEqual(info.flags.sort(), ["bcast", "on"]);
    assert.deepEqual(info.prefixes, ["user:"]);
    await redis.clientTracking(false);
    await redis.clientTracking(true, { optin: true });
    assert.equal(await redis.clientCaching(true), "OK");
    assert.throws(
      () => redis.clientTracking(true, { optin: true, optout: true } as never),
      DataError,
    );
  });

  it("CLIENT PAUSE and UNPAUSE, NO-EVICT, REPLY ON", async () => {
    assert.equal(await ctx.redis.clientPause(50, "write"), "OK");
    assert.equal(await ctx.redis.clientUnpause(), "OK");
    assert.equal(await ctx.redis.clientNoEvict(true), "OK");
    assert.equal(await ctx.redis.clientNoEvict(false), "OK");
    assert.equal(await ctx.redis.clientReply("on"), "OK");
  });

  it("CLIENT UNBLOCK releases a client blocked in BLPOP", async (t) => {
    if (
      skipOnBlockingClient(
        t,
        ctx,
        "a blocked command holds its caller, so nothing can unblock it from the same thread",
      )
    ) return;
    const waiting = ctx.redis.sendCommand(["BLPOP", "never", "10"]);
    let blocked: Record<string, string> | undefined;
    for (let attempt = 0; attempt < 50 && blocked === undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      blocked = (await ctx.redis.clientList()).find((client) => client.cmd === "blpop");
    }
    assert.ok(blocked, "a connection is blocked in BLPOP");
    assert.equal(await ctx.redis.clientUnblock(Number(blocked.id)), 1);
    assert.equal(await waiting, null);
    assert.equal(await ctx.redis.clientUnblock(Number(blocked.id), "error"), 0);
  });

  it("PING, ECHO, HELLO, CLIENT ID, INFO, LIST, GETREDIR, TRACKINGINFO: the same over RESP2 and RESP3", async () => {
    await assertSameOnBothProtocols(ctx, (redis) => redis.ping());
    await assertSameOnBothProtocols(ctx, (redis) => redis.ping("hi"));
    await assertSameOnBothProtocols(ctx, (redis) => redis.echo("hi"));
    await assertSameOnBothProtocols(ctx, (redis) => redis.bytes.ping());
    // The protocol and the id are the connection's own; the rest is the server's.
    const hello = await assertSameOnBothProtocols(
      ctx,
      (redis) => redis.hello(),
      (reply) => without(reply, "proto", "id"),
    );
    assert.equal(Object.getPrototypeOf(hello), null);
    assert.deepStrictEqual(hello.modules, []);
    await assertSameOnBothProtocols(ctx, (redis) => redis.hello(), typeShape);
    await assertSameOnBothProtocols(ctx, (redis) => redis.clientId(), typeShape);
    // Every field of CLIENT INFO and LIST is text over both protocols.
    const info = await assertSameOnBothProtocols(ctx, (redis) => redis.clientInfo(), typeShape);
    assert.equal(Object.getPrototypeOf(info), null);
    assert.ok(Object.values(info).every((value) => typeof value === "string"));
    await assertSameOnBothProtocols(
      ctx,
      async (redis) => (await redis.clientList({ type: "normal" }))[0],
      typeShape,
    );
    await assertSameOnBothProtocols(ctx, (redis) => redis.clientGetredir());
    await assertSameOnBothProtocols(ctx, (redis) => redis.clientTrackinginfo());
    await assertSameOnBothProtocols(ctx, (redis) => redis.bytes.clientTrackinginfo());
  });

  it("CLIENT NO-TOUCH, SETINFO (7.2+) and CAPA (Valkey)", async (t) => {
    const replies = await Promise.all([
      ctx.redis.clientNoTouch(false).catch((e) => e),
      ctx.redis.clientSetinfo({ libName: "keel-test" }).catch((e) => e),
      ctx.redis.clientCapa("redirect").catch((e) => e),
    ]);
    for (const reply of replies) {
      if (reply instanceof Error) {
        if (skipUnsupported(t, reply)) return;
        throw reply;
      }
      assert.equal(reply, "OK");
    }
  });
});
