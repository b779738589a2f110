// Server errors name the command they answer and its first key, after the
// server's own message: `WRONGTYPE … (GET user:1)`. Never a value, never a
// credential; hostile keys are shown bounded and escaped.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inspect } from "node:util";
import {
  AuthenticationError,
  ClusterError,
  ExecAbortError,
  Redis,
  RedisCluster,
  ResponseError,
  WrongTypeError,
} from "../mod.ts";
import { RedisSync } from "../sync.ts";
import { serverMessage, showArg, withCommand } from "../lib/errors/failed_command.ts";
import { locateCommand } from "../lib/commands/command_locator.ts";
import { CONTAINER_COMMANDS } from "../lib/commands/command_table.ts";
import { describeEachClient } from "./support/per_protocol.ts";
import { startServer, type TestServer } from "./support/server.ts";
import {
  direct,
  otherMaster,
  ownerOfSlot,
  startCluster,
  startMigration,
  type TestCluster,
} from "./support/cluster.ts";
import { slotOf } from "../mod.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";
import { readFileSync } from "node:fs";

const WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

/** Everything a log could print of an error. */
function everything(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  return [
    e.message,
    String(e),
    String(e.stack),
    inspect(e, { depth: 5 }),
    JSON.stringify(e),
    e.cause === undefined ? "" : everything(e.cause),
  ].join("\n");
}

/** Hostile keys and how an error shows them. */
const HOSTILE: [label: string, key: string | Uint8Array, shown: string][] = [
  ["__proto__", "__proto__", "__proto__"],
  ["constructor", "constructor", "constructor"],
  ["a BOM first", "\uFEFFkey", '"\\u{FEFF}key"'],
  ["empty", "", '""'],
  ["a newline", "a\nb", '"a\\nb"'],
  ["control characters", "\x00\x07\x1b[31mred", '"\\x00\\x07\\x1B[31mred"'],
  ["a space and a quote", 'say "hi"', '"say \\"hi\\""'],
  ["a backslash and a tab", "a\\b\tc", '"a\\\\b\\tc"'],
  ["a bidi override", "abc\u202Edef", '"abc\\u{202E}def"'],
  ["a line separator", "a\u2028b", '"a\\u{2028}b"'],
  ["not UTF-8", new Uint8Array([0x6b, 0xff, 0xfe, 0x00]), '"k\\xFF\\xFE\\x00"'],
  ["UTF-8 bytes", new TextEncoder().encode("clé:1"), "clé:1"],
  ["emoji", "user:🙂", "user:🙂"],
  ["long", "k".repeat(100), `${"k".repeat(64)}…`],
];

describe("showArg and withCommand", () => {
  for (const [label, key, shown] of HOSTILE) {
    it(`shows a key with ${label} as ${shown}`, () => {
      assert.equal(showArg(key), shown);
      const error = withCommand(new WrongTypeError(WRONGTYPE), ["GET", key]);
      assert.equal(error.message, `${WRONGTYPE} (GET ${shown})`);
      assert.equal(error.command, "GET");
      assert.equal(error.key, shown);
      assert.equal(Object.getPrototypeOf(error), WrongTypeError.prototype);
      assert.equal(serverMessage(error), WRONGTYPE);
    });
  }

  it("a 512 MiB key (bytes) and a 64 MiB key (text) are cut at 64 characters", () => {
    const bytes = new Uint8Array(512 * 1024 * 1024).fill(0x61, 0, 1024);
    assert.equal(showArg(bytes), `${"a".repeat(64)}…`);
    const zeros = new Uint8Array(512 * 1024 * 1024);
    assert.equal(showArg(zeros), `"${"\\x00".repeat(64)}"…`);
    const invalid = new Uint8Array(512 * 1024 * 1024).fill(0xff, 0, 100);
    assert.equal(showArg(invalid), `"${"\\xFF".repeat(64)}"…`);
    const text = "é".repeat(64 * 1024 * 1024);
    assert.equal(showArg(text), `${"é".repeat(64)}…`);
    const error = withCommand(new ResponseError("ERR x"), ["SET", bytes, "v"]);
    assert.ok(error.message.length < 200, error.message);
  });

  it("a multi-byte character cut by the 256-byte window is not taken for invalid UTF-8", () => {
    // 255 ASCII bytes then a 2-byte character: the window ends inside it.
    const key = new TextEncoder().encode("a".repeat(255) + "é" + "b".repeat(10));
    assert.equal(showArg(key), `${"a".repeat(64)}…`);
    const astral = "🙂".repeat(65);
    assert.equal(showArg(astral), `${"🙂".repeat(64)}…`);
    assert.equal(showArg("🙂".repeat(64)), "🙂".repeat(64));
  });

  it("names upper-cased as sent; a container's subcommand; no key for a keyless command", () => {
    assert.deepEqual(locateCommand(["get", "k"]), { name: "GET", subcommand: undefined, key: "k" });
    assert.deepEqual(locateCommand(["client", "kill", "ID", 7]), {
      name: "CLIENT",
      subcommand: "KILL",
      key: undefined,
    });
    assert.deepEqual(locateCommand(["object", "encoding", "k"]), {
      name: "OBJECT",
      subcommand: "ENCODING",
      key: "k",
    });
    assert.deepEqual(locateCommand(["EVAL", "return 1", 2, "a", "b", "arg"]).key, "a");
    assert.deepEqual(locateCommand(["XREAD", "COUNT", 1, "STREAMS", "s1", "0"]).key, "s1");
    assert.deepEqual(locateCommand(["PING"]), {
      name: "PING",
      subcommand: undefined,
      key: undefined,
    });
    // Something that is not spelled as a subcommand is not shown.
    assert.equal(locateCommand(["CONFIG", "hunter 2"]).subcommand, undefined);
    assert.equal(
      withCommand(new ResponseError("ERR x"), ["config", "set", "requirepass", "pw"]).message,
      "ERR x (CONFIG SET)",
    );
    const error = withCommand(new ResponseError("ERR x"), [new Uint8Array([0xff]), "k"]);
    assert.equal(error.command, '"\\xFF"');
  });

  it("knows every container command of the metadata", () => {
    const metadata = JSON.parse(
      readFileSync(new URL("../scripts/commands/redis-commands.json", import.meta.url), "utf8"),
    ) as { name: string; subcommands?: unknown }[];
    const containers = metadata.filter((c) => c.subcommands).map((c) => c.name).sort();
    assert.deepEqual([...new Set(containers)], [...CONTAINER_COMMANDS].sort());
  });

  it("an error made by hand names nothing; an error is named once", () => {
    const error = new ResponseError("ERR unknown command");
    assert.equal(error.message, "ERR unknown command");
    assert.equal(error.command, undefined);
    assert.equal(error.key, undefined);
    withCommand(error, ["GET", "a"]);
    withCommand(error, ["SET", "b", "v"]);
    assert.equal(error.message, "ERR unknown command (GET a)");
  });

  it("the stack shows the named message", () => {
    const error = withCommand(new WrongTypeError(WRONGTYPE), ["GET", "user:1"]);
    assert.match(String(error.stack), /WRONGTYPE Operation .* \(GET user:1\)/);
  });
});

describeEachClient("server errors name their command", (ctx) => {
  it("WRONGTYPE names the command and its key; the server's message comes first, whole", async () => {
    await ctx.redis.lpush("user:1", "x");
    const error = await ctx.redis.get("user:1").catch((e: unknown) => e);
    assert.ok(error instanceof WrongTypeError, String(error));
    assert.equal(error.message, `${WRONGTYPE} (GET user:1)`);
    assert.equal(error.code, "WRONGTYPE");
    assert.equal(error.command, "GET");
    assert.equal(error.key, "user:1");
  });

  it("the name as sent, upper-cased; a container's subcommand; a keyless command", async () => {
    await ctx.redis.lpush("l", "x");
    const lower = await ctx.redis.sendCommand(["get", "l"]).catch((e: unknown) => e);
    assert.equal((lower as ResponseError).message, `${WRONGTYPE} (GET l)`);
    const kill = await ctx.redis.sendCommand(["client", "kill", "127.0.0.1:1"])
      .catch((e: unknown) => e);
    assert.ok(kill instanceof ResponseError, String(kill));
    assert.equal(kill.message, "ERR No such client (CLIENT KILL)");
    assert.equal(kill.command, "CLIENT KILL");
    assert.equal(kill.key, undefined);
    const unknown = await ctx.redis.sendCommand(["NOPE", "x"]).catch((e: unknown) => e);
    assert.match((unknown as ResponseError).message, /^ERR unknown command 'NOPE'.* \(NOPE\)$/);
  });

  it("the first key by the key specs, never a value", async () => {
    const script = await ctx.redis.eval("return redis.error_reply('ERR nope')", ["k1", "k2"], [
      "value-secret",
    ]).catch((e: unknown) => e);
    assert.ok(script instanceof ResponseError, String(script));
    assert.match(script.message, /^ERR nope.* \(EVAL k1\)$/);
    assert.equal(script.key, "k1");
    assert.ok(!everything(script).includes("value-secret"));
    await ctx.redis.lpush("list", "x");
    const set = await ctx.redis.sendCommand(["SETRANGE", "list", 0, "value-secret"])
      .catch((e: unknown) => e);
    assert.equal((set as ResponseError).message, `${WRONGTYPE} (SETRANGE list)`);
    assert.ok(!everything(set).includes("value-secret"));
  });

  for (const [label, key, shown] of HOSTILE) {
    it(`a key with ${label} is shown as ${shown}`, async () => {
      await ctx.redis.lpush(key, "x");
      const error = await ctx.redis.get(key).catch((e: unknown) => e);
      assert.ok(error instanceof WrongTypeError, String(error));
      assert.equal(error.message, `${WRONGTYPE} (GET ${shown})`);
      assert.equal(error.key, shown);
    });
  }

  it("pipeline slots name their own command", async () => {
    const results = await ctx.redis.pipeline().set("a", "1").lpush("a", "x").incr("b")
      .sendCommand(["hget", "a", "f"]).exec();
    assert.equal(results[0], "OK");
    assert.equal((results[1] as ResponseError).message, `${WRONGTYPE} (LPUSH a)`);
    assert.equal(results[2], 1);
    assert.equal((results[3] as ResponseError).message, `${WRONGTYPE} (HGET a)`);
    const thrown = await ctx.redis.pipeline().get("a").lpush("a", "x")
      .exec({ throwOnError: true }).catch((e: unknown) => e);
    assert.equal((thrown as ResponseError).message, `${WRONGTYPE} (LPUSH a)`);
  });

  it("a transaction: each failed command in its slot; EXECABORT names EXEC, its cause the refused command", async () => {
    const results = await ctx.redis.multi().set("t", "1").lpush("t", "x").get("t").exec();
    assert.deepEqual([results[0], results[2]], ["OK", "1"]);
    assert.ok(results[1] instanceof WrongTypeError);
    assert.equal((results[1] as ResponseError).message, `${WRONGTYPE} (LPUSH t)`);
    assert.equal((results[1] as ResponseError).key, "t");
    const aborted = await ctx.redis.multi().set("t", "2").sendCommand(["GET"]).exec()
      .catch((e: unknown) => e);
    assert.ok(aborted instanceof ExecAbortError, String(aborted));
    assert.equal(
      aborted.message,
      "EXECABORT Transaction discarded because of previous errors. (EXEC)",
    );
    assert.equal(aborted.command, "EXEC");
    const cause = aborted.cause as ResponseError;
    assert.equal(cause.message, "ERR wrong number of arguments for 'get' command (GET)");
    assert.equal(cause.command, "GET");
    assert.equal(await ctx.redis.get("t"), "1");
  });
});

const SECRET = "s3cret-Pa55-91f0";
const PASSWORD = "the-right-one-77";

describe("credentials never show in an error", () => {
  let server: TestServer;
  let redis: Redis;
  before(async () => {
    server = await startServer({ args: ["--requirepass", PASSWORD] });
    redis = await Redis.connect({ port: server.port, password: PASSWORD });
  });
  after(async () => {
    await redis?.close();
    await server?.stop();
  });
  expectNoUnhandledRejections();

  async function failing(args: (string | number)[]): Promise<ResponseError> {
    const error = await redis.sendCommand(args).catch((e: unknown) => e);
    assert.ok(error instanceof ResponseError, `${args[0]} resolved: ${String(error)}`);
    return error;
  }

  for (const protocol of [2, 3] as const) {
    it(`AUTH and HELLO … AUTH (RESP${protocol})`, async () => {
      await using client = await Redis.connect({ port: server.port, protocol, password: PASSWORD });
      for (
        const args of [
          ["AUTH", SECRET],
          ["AUTH", "nobody", SECRET],
          ["HELLO", protocol, "AUTH", "nobody", SECRET],
          ["auth", "default", SECRET],
        ]
      ) {
        const error = await client.sendCommand(args).catch((e: unknown) => e);
        assert.ok(error instanceof ResponseError, String(error));
        assert.ok(!everything(error).includes(SECRET), everything(error));
        assert.ok(!everything(error).includes("nobody"), everything(error));
        assert.equal(error.key, undefined);
        assert.equal(error.command, String(args[0]).toUpperCase());
        assert.ok(error.message.endsWith(` (${error.command})`), error.message);
      }
      const wrongpass = await client.sendCommand(["AUTH", "nobody", SECRET])
        .catch((e: unknown) => e);
      assert.ok(wrongpass instanceof AuthenticationError);
    });
  }

  it("a client connecting with a wrong password (the handshake)", async () => {
    const error = await Redis.connect({
      port: server.port,
      username: "nobody",
      password: SECRET,
      reconnect: false,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.ok(!everything(error).includes(SECRET), everything(error));
    const sync = (() => {
      try {
        RedisSync.connect({ port: server.port, username: "nobody", password: SECRET }).close();
      } catch (e) {
        return e;
      }
    })();
    assert.ok(sync instanceof AuthenticationError, String(sync));
    assert.ok(!everything(sync).includes(SECRET), everything(sync));
  });

  it("MIGRATE … AUTH and AUTH2", async () => {
    await redis.set("mk", "v");
    const closed = server.port + 1 === 6379 ? server.port + 2 : server.port + 1;
    for (
      const auth of [["AUTH", SECRET], ["AUTH2", "nobody", SECRET]]
    ) {
      const error = await failing([
        "MIGRATE",
        "127.0.0.1",
        closed,
        "",
        0,
        1000,
        ...auth,
        "KEYS",
        "mk",
      ]);
      assert.ok(!everything(error).includes(SECRET), everything(error));
      assert.equal(error.command, "MIGRATE");
      assert.ok(error.message.endsWith(' (MIGRATE "")'), error.message);
    }
  });

  it("ACL SETUSER and CONFIG SET requirepass", async () => {
    const acl = await failing(["ACL", "SETUSER", "nobody", `>${SECRET}`, "+@nonexistent"]);
    assert.ok(!everything(acl).includes(SECRET), everything(acl));
    assert.equal(acl.command, "ACL SETUSER");
    assert.equal(acl.key, undefined);
    const config = await failing([
      "CONFIG",
      "SET",
      "requirepass",
      SECRET,
      "maxmemory-policy",
      "bogus",
    ]);
    assert.ok(!everything(config).includes(SECRET), everything(config));
    assert.equal(config.command, "CONFIG SET");
    assert.ok(config.message.endsWith(" (CONFIG SET)"), config.message);
    assert.equal(await redis.ping(), "PONG");
    using sync = RedisSync.connect({ port: server.port, password: PASSWORD });
    assert.throws(
      () => sync.sendCommand(["CONFIG", "SET", "requirepass", SECRET, "maxmemory-policy", "x"]),
      (error: unknown) =>
        error instanceof ResponseError && error.command === "CONFIG SET" &&
        !everything(error).includes(SECRET),
    );
  });
});

describe("a cluster's errors name their command", () => {
  let cluster: TestCluster;
  let redis: RedisCluster;
  before(async () => {
    cluster = await startCluster();
    redis = await RedisCluster.connect({ nodes: [cluster.urls[0]] });
  });
  after(async () => {
    await redis?.close();
    await cluster?.stop();
  });
  expectNoUnhandledRejections();

  it("a single command, a pipeline slot and a command sent to every node", async () => {
    await redis.lpush("c:list", "x");
    const error = await redis.get("c:list").catch((e: unknown) => e);
    assert.ok(error instanceof WrongTypeError, String(error));
    assert.equal(error.message, `${WRONGTYPE} (GET c:list)`);
    const results = await redis.pipeline().incr("c:n").get("c:list").exec();
    assert.equal(results[0], 1);
    assert.equal((results[1] as ResponseError).message, `${WRONGTYPE} (GET c:list)`);
    const config = await redis.sendCommand(["CONFIG", "SET", "maxmemory-policy", "bogus"])
      .catch((e: unknown) => e);
    assert.ok(config instanceof ResponseError, String(config));
    assert.equal(config.command, "CONFIG SET");
  });

  it("a redirect it gives up on: the final ClusterError names the command, once", async () => {
    const key = "c:asked";
    const slot = slotOf(key);
    await using strict = await RedisCluster.connect({
      nodes: [cluster.urls[0]],
      maxRedirects: 0,
      refreshInterval: 0,
    });
    const source = await ownerOfSlot(cluster, slot);
    const target = await otherMaster(cluster, source);
    await startMigration(slot, source, target);
    try {
      // The key is not on the source: it answers ASK, which maxRedirects 0 does not follow.
      const error = await strict.get(key).catch((e: unknown) => e);
      assert.ok(error instanceof ClusterError, String(error));
      assert.match(
        error.message,
        new RegExp(
          `^gave up on slot ${slot} after 0 redirects or retries: ASK ${slot} \\S+ \\(GET c:asked\\)$`,
        ),
      );
    } finally {
      for (const node of [source, target]) {
        await direct(node, (c) => c.sendCommand(["CLUSTER", "SETSLOT", slot, "STABLE"]));
      }
    }
  });
});
