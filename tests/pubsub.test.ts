import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, type PubSubMessage, type Subscription } from "../mod.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";

/** The next `count` messages of a subscription, or fail after `ms`. */
async function take<M extends string | Uint8Array = string>(
  sub: Subscription<M>,
  count: number,
  ms = 2000,
): Promise<PubSubMessage<M>[]> {
  const messages: PubSubMessage<M>[] = [];
  const iterator = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + ms;
  while (messages.length < count) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no message in time")), deadline - Date.now())
      ),
    ]);
    if (next.done) break;
    messages.push(next.value);
  }
  return messages;
}

describeEachProtocol("pub/sub", (ctx) => {
  const publish = (channel: string, message: string) =>
    ctx.redis.sendCommand(["PUBLISH", channel, message]);

  it("subscribe delivers messages in order, to the iterator and to listeners", async () => {
    await using sub = await ctx.redis.subscribe("news", "alerts");
    const heard: string[] = [];
    sub.addListener((message) => heard.push(message.message));
    assert.equal(await publish("news", "one"), 1);
    await publish("alerts", "two");
    await publish("elsewhere", "never");
    assert.deepEqual(await take(sub, 2), [
      { kind: "message", channel: "news", message: "one" },
      { kind: "message", channel: "alerts", message: "two" },
    ]);
    assert.deepEqual(heard, ["one", "two"]);
    assert.equal(await ctx.redis.ping(), "PONG", "the command connection is not the subscriber");
  });

  it("psubscribe reports the pattern; unsubscribe of some names keeps the others", async () => {
    await using sub = await ctx.redis.psubscribe("news.*", "sport.*");
    await publish("news.world", "hello");
    assert.deepEqual(await take(sub, 1), [
      { kind: "pmessage", pattern: "news.*", channel: "news.world", message: "hello" },
    ]);
    await sub.unsubscribe("news.*");
    assert.deepEqual(sub.names, ["sport.*"]);
    assert.equal(await publish("news.world", "unheard"), 0);
    assert.equal(await publish("sport.golf", "fore"), 1);
    assert.equal((await take(sub, 1))[0].message, "fore");
  });

  it("two subscriptions to one channel share the server subscription", async () => {
    const a = await ctx.redis.subscribe("shared");
    const b = await ctx.redis.subscribe("shared");
    assert.equal(await publish("shared", "x"), 1, "one subscriber connection");
    assert.equal((await take(a, 1))[0].message, "x");
    assert.equal((await take(b, 1))[0].message, "x");
    await a.unsubscribe();
    assert.equal(await publish("shared", "y"), 1, "b still listens");
    assert.equal((await take(b, 1))[0].message, "y");
    await b.unsubscribe();
    assert.equal(await publish("shared", "z"), 0);
  });

  it("break in for-await unsubscribes", async () => {
    const sub = await ctx.redis.subscribe("once");
    await publish("once", "first");
    for await (const message of sub) {
      assert.equal(message.message, "first");
      break;
    }
    assert.equal(sub.closed, true);
    assert.equal(await publish("once", "again"), 0);
  });

  it("re-subscribes by itself after CLIENT KILL of the subscriber connection", async () => {
    await using sub = await ctx.redis.subscribe("survivor");
    const killed = await ctx.redis.sendCommand(["CLIENT", "KILL", "TYPE", "pubsub"]);
    assert.equal(killed, 1);
    let receivers = 0;
    for (let attempt = 0; attempt < 100 && receivers === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      receivers = await publish("survivor", "back") as number;
    }
    assert.equal(receivers, 1);
    assert.equal((await take(sub, 1))[0].message, "back");
  });

  it("ssubscribe receives SPUBLISH messages", async () => {
    await using sub = await ctx.redis.ssubscribe("orders");
    assert.equal(await ctx.redis.sendCommand(["SPUBLISH", "orders", "o1"]), 1);
    assert.deepEqual(await take(sub, 1), [{ kind: "smessage", channel: "orders", message: "o1" }]);
  });

  it("10,000 messages arrive, none lost or reordered", async () => {
    await using sub = await ctx.redis.subscribe("firehose");
    const pipeline = ctx.redis.pipeline();
    for (let i = 0; i < 10_000; i++) pipeline.sendCommand(["PUBLISH", "firehose", String(i)]);
    const receivers = await pipeline.exec();
    assert.ok(receivers.every((count) => count === 1));
    const messages = await take(sub, 10_000, 10_000);
    assert.equal(messages.length, 10_000);
    assert.ok(messages.every((message, i) => message.message === String(i)));
  });

  it("subscribing to nothing is a DataError", async () => {
    await assert.rejects(ctx.redis.subscribe(), DataError);
    await assert.rejects(ctx.redis.subscribe([]), DataError);
    // @ts-expect-error: options come only after an array of names
    await assert.rejects(ctx.redis.subscribe(["a"], { bytes: true }, "b"), DataError);
  });

  it("{ bytes: true } delivers binary payloads intact, beside a text subscription", async () => {
    const binary = new Uint8Array([0, 255, 128, 13, 10, 36, 42, 0xc3]);
    await using raw = await ctx.redis.subscribe(["blob", "text"], { bytes: true });
    await using text = await ctx.redis.subscribe("text");
    await using patterned = await ctx.redis.psubscribe(["bl*"], { bytes: true });
    assert.equal(raw.bytes, true);
    assert.equal(await ctx.redis.sendCommand(["PUBLISH", "blob", binary]), 2);
    await publish("text", "héllo");
    const [first, second] = await take(raw, 2);
    assert.deepEqual(first, { kind: "message", channel: "blob", message: binary });
    assert.ok(second.message instanceof Uint8Array);
    assert.equal(new TextDecoder().decode(second.message), "héllo");
    assert.deepEqual(await take(text, 1), [{ kind: "message", channel: "text", message: "héllo" }]);
    assert.deepEqual(await take(patterned, 1), [
      { kind: "pmessage", pattern: "bl*", channel: "blob", message: binary },
    ]);
  });
});
