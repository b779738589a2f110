/**
 * Error messages say what to do: `sendCommand("GET", "k")` (the command
 * spread out) is a DataError showing the array form on every executor, and
 * sends nothing; a wrong value is described as what it is (`got the string
 * "60"`, not `got 60`); `zadd` says it takes `{ score, member }` objects;
 * NOAUTH and WRONGPASS say where the password goes, without repeating one;
 * and with `callerStacks: true` a server error's stack shows the line that
 * sent the command (the blocking client's always does).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AuthenticationError, Redis, RedisCluster, ResponseError, WrongTypeError } from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { expectDataError } from "./support/data_error.ts";
import { resetSentCommands, sentCommands } from "./support/sent_commands.ts";
import { startServer, type TestServer } from "./support/server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

expectNoUnhandledRejections();

/** A client seen without its types, as a JavaScript caller sees it. */
type Loose = Record<string, (...args: unknown[]) => unknown>;

const ARRAY_FORM =
  /^sendCommand takes the command as one array: sendCommand\(\["GET", …\]\), not sendCommand\("GET", …\)$/;

describe("error messages that say what to do", () => {
  let server: TestServer;
  let redis: Redis;
  let sync: RedisSync;

  before(async () => {
    server = await startServer();
    redis = await Redis.connect({ port: server.port });
    sync = RedisSync.connect({ port: server.port });
  });

  after(async () => {
    sync.close();
    await redis.close();
    await server.stop();
  });

  it('sendCommand("GET", "k") shows the array form on every executor, and sends nothing', async () => {
    await redis.set("k", "v");
    await resetSentCommands(redis);
    const cluster = new RedisCluster({ nodes: ["redis://127.0.0.1:1"], refreshInterval: 0 });
    const executors: [string, unknown][] = [
      ["async", redis],
      ["async bytes", redis.bytes],
      ["async with()", redis.with({ timeout: 1000 })],
      ["pipeline", redis.pipeline()],
      ["multi", redis.multi()],
      ["sync", sync],
      ["sync pipeline", sync.pipeline()],
      ["sync multi", sync.multi()],
      ["cluster", cluster],
      ["cluster pipeline", cluster.pipeline()],
    ];
    for (const [label, executor] of executors) {
      const loose = executor as Loose;
      expectDataError(label, () => loose.sendCommand("GET", "k"), ARRAY_FORM);
      expectDataError(label, () => loose.sendCommand("GET"), ARRAY_FORM);
      expectDataError(label, () => loose.sendCommand([]), /got an empty array$/);
      expectDataError(
        label,
        () => loose.sendCommand(42),
        /^sendCommand: expected the command as an array .*, got 42$/,
      );
      // Only the command's name is shown: the arguments may be a password.
      const auth = expectDataError(label, () => loose.sendCommand("AUTH", "hunter2"), /AUTH/);
      assert.ok(!auth.message.includes("hunter2"), auth.message);
    }
    for (const pipeline of [executors[3][1], executors[6][1]] as { length: number }[]) {
      assert.equal(pipeline.length, 0);
    }
    await cluster.close();
    const called = [...(await sentCommands(redis)).keys()];
    assert.deepEqual(called, ["config|resetstat"], "nothing reached the server");
    assert.equal(await redis.sendCommand(["GET", "k"]), "v", "the array form works");
    assert.equal(sync.sendCommand(["GET", "k"]), "v");
  });

  it('a value of the wrong kind is described as what it is: got the string "60", not got 60', () => {
    const loose = redis as unknown as Loose;
    const cases: [string, () => unknown, RegExp][] = [
      [
        "set ex",
        () => loose.set("k", "v", { ex: "60" }),
        /^set ex: expected an integer ≥ 1, got the string "60"$/,
      ],
      ["getex px", () => loose.getex("k", { px: "5" }), /got the string "5"$/],
      ["expire", () => loose.expire("k", "10"), /got the string "10"$/],
      ["zadd score", () => loose.zadd("z", { score: "1", member: "m" }), /got the string "1"$/],
      ["flushdb mode", () => loose.flushdb("ASYNC "), /got the string "ASYNC "$/],
      ["hello protocol", () => loose.hello("3"), /got the string "3"$/],
      [
        "port",
        () => new Redis({ port: "6380" as never }),
        /^port: expected an integer from 1 to 65535, got the string "6380"$/,
      ],
      [
        "protocol",
        () => new Redis({ protocol: "3" as never }),
        /^protocol: expected 2 or 3, got the string "3"$/,
      ],
      ["db", () => new Redis({ db: "1" as never }), /got the string "1"$/],
      ["pool.maxSize", () => new Redis({ pool: { maxSize: "5" as never } }), /got the string "5"$/],
      [
        "readFrom",
        () => new RedisCluster({ nodes: ["redis://127.0.0.1:1"], readFrom: 1 as never }),
        /got 1$/,
      ],
      [
        "maxRedirects",
        () => new RedisCluster({ nodes: ["redis://127.0.0.1:1"], maxRedirects: "3" as never }),
        /got the string "3"$/,
      ],
      [
        "sentinel role",
        () =>
          new Redis({
            sentinel: { name: "m", sentinels: ["127.0.0.1:1"], role: "Master" as never },
          }),
        /got the string "Master"$/,
      ],
    ];
    for (const [label, call, message] of cases) expectDataError(label, call, message);
    // A password of the wrong kind is named by kind only: its value is never shown.
    const password = expectDataError(
      "password",
      () => new Redis({ password: 12345678 as never }),
      /got number$/,
    );
    assert.ok(!password.message.includes("12345678"));
  });

  it("zadd says it takes { score, member } objects, and what it got instead", () => {
    const loose = redis as unknown as Loose;
    expectDataError(
      "zadd { alice: 1 }",
      () => loose.zadd("z", { alice: 1 }),
      /^zadd: got an object with the key "alice", which is neither an option \(nx, xx, gt, lt, ch, incr\) nor a member; zadd takes members as \{ score, member \} objects, e\.g\. zadd\(key, \{ score: 1, member: "alice" \}\)$/,
    );
    expectDataError(
      "zadd without members",
      () => loose.zadd("z"),
      /^zadd members: expected at least one \{ score, member \} object \(after the options, if any\), got none$/,
    );
    expectDataError(
      "zadd { NX: true }",
      () => loose.zadd("z", { NX: true }, { score: 1, member: "a" }),
      /did you mean 'nx'\?/,
    );
    expectDataError(
      "zadd [1, 'a']",
      () => loose.zadd("z", [1, "a"]),
      /^zadd: got an array of 2 where a member or the options go; zadd takes members as \{ score, member \} objects, e\.g\. zadd\(key, \{ score: 1, member: "a" \}\)$/,
    );
    expectDataError(
      "zadd(key, score, member)",
      () => loose.zadd("z", 1, "a"),
      /^zadd: got 1 where a member or the options go; zadd takes members as \{ score, member \} objects/,
    );
  });

  it("with callerStacks: true a server error's stack shows the caller's line", async () => {
    await redis.rpush("list", "a");
    const traced = await Redis.connect({ port: server.port, callerStacks: true });
    try {
      const callerOfWrongType = async function callerOfWrongType(client: Redis) {
        return await client.incr("list").catch((error: unknown) => error);
      };
      const error = await callerOfWrongType(traced);
      assert.ok(error instanceof WrongTypeError, String(error));
      assert.match(String(error.stack), /^WrongTypeError: WRONGTYPE /);
      assert.match(String(error.stack), /callerOfWrongType/);
      assert.match(String(error.stack), /exactness_messages\.test\.ts/);
      const sent = await (async function callerOfSendCommand() {
        return await traced.sendCommand(["INCR", "list"]).catch((e: unknown) => e);
      })();
      assert.ok(sent instanceof ResponseError);
      assert.match(String(sent.stack), /callerOfSendCommand/);
      await using pooled = await traced.acquire();
      const fromPool = await (async function callerOnPooled() {
        return await pooled.incr("list").catch((e: unknown) => e);
      })();
      assert.match(String((fromPool as Error).stack), /callerOnPooled/);
      // Replies and the code are as without the option.
      assert.equal(error.code, "WRONGTYPE");
      assert.equal(await traced.get("missing"), null);
    } finally {
      await traced.close();
    }
    assert.throws(
      () => new Redis({ callerStacks: "yes" as never }),
      /callerStacks: expected a boolean/,
    );
  });

  it("the blocking client's server errors always show the caller's line", () => {
    sync.rpush("list2", "a");
    function syncCallerOfWrongType(): unknown {
      try {
        return sync.incr("list2");
      } catch (error) {
        return error;
      }
    }
    const error = syncCallerOfWrongType();
    assert.ok(error instanceof WrongTypeError);
    assert.match(String(error.stack), /syncCallerOfWrongType/);
  });
});

describe("NOAUTH and WRONGPASS say where the password goes", () => {
  const PASSWORD = "pw-for-messages-7f3a";
  let server: TestServer;

  before(async () => {
    server = await startServer({ args: ["--requirepass", PASSWORD] });
  });

  after(async () => {
    await server.stop();
  });

  it("a client without a password: NOAUTH with the hint", async () => {
    const redis = new Redis({ port: server.port, reconnect: false });
    try {
      const error = await redis.ping().catch((e: unknown) => e);
      assert.ok(error instanceof AuthenticationError, String(error));
      assert.equal(error.code, "NOAUTH");
      assert.match(
        error.message,
        /pass password \(and username, for an ACL user\) in the options, \{ password \}, or in the URL, redis:\/\/user:password@host:port/,
      );
    } finally {
      await redis.close();
    }
    const sync = new RedisSync({ port: server.port });
    try {
      assert.throws(() => sync.ping(), (error: unknown) => {
        assert.ok(error instanceof AuthenticationError);
        assert.match(error.message, /pass password/);
        return true;
      });
    } finally {
      sync.close();
    }
  });

  it("a wrong password: WRONGPASS with the hint, never the password tried", async () => {
    const wrong = "not-the-password-91c2";
    const error = await Redis.connect({ port: server.port, password: wrong, reconnect: false })
      .catch((e: unknown) => e);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.equal(error.code, "WRONGPASS");
    assert.match(error.message, /check password \(and username\) in the options or the URL/);
    assert.ok(!error.message.includes(wrong) && !String(error.stack).includes(wrong));
    assert.ok(!error.message.includes(PASSWORD));
  });

  it("the hint is added once, and other server errors keep the server's message", () => {
    const error = new AuthenticationError("NOAUTH Authentication required.");
    assert.equal(new AuthenticationError(error.message).message, error.message);
    assert.equal(new ResponseError("ERR unknown command").message, "ERR unknown command");
  });
});
