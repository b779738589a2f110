import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMonitorLine } from "../lib/client/monitor.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";

describe("MONITOR lines", () => {
  it("parse time, db, client and unescaped arguments", () => {
    assert.deepEqual(
      parseMonitorLine('1700000000.123456 [3 127.0.0.1:5555] "SET" "k" "a\\"b\\\\c\\x00\\n"'),
      {
        time: 1700000000.123456,
        db: 3,
        client: "127.0.0.1:5555",
        args: ["SET", "k", 'a"b\\c\x00\n'],
        raw: '1700000000.123456 [3 127.0.0.1:5555] "SET" "k" "a\\"b\\\\c\\x00\\n"',
      },
    );
  });
});

describeEachProtocol("monitor()", (ctx) => {
  it("yields the commands other clients run, in order, until closed", async () => {
    const monitor = await ctx.redis.monitor();
    await ctx.redis.set("watched", "1");
    await ctx.redis.get("watched");
    const seen: string[][] = [];
    for await (const event of monitor) {
      if (event.args[1] !== "watched") continue;
      seen.push(event.args);
      assert.equal(event.db, 0);
      assert.match(event.client, /^127\.0\.0\.1:\d+$/);
      if (seen.length === 2) break;
    }
    assert.deepEqual(seen, [["SET", "watched", "1"], ["GET", "watched"]]);
    let clients = "cmd=monitor";
    for (let attempt = 0; attempt < 100 && clients.includes("cmd=monitor"); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      clients = await ctx.redis.sendCommand(["CLIENT", "LIST"]) as string;
    }
    assert.ok(!clients.includes("cmd=monitor"), "break closed the monitor connection");
  });
});
