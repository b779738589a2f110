/**
 * How a cluster client merges the replies of one command sent to several
 * nodes (response policies) or split by slot, and how it reads and writes
 * `host:port` addresses. Pure functions: no server.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeReplies, SPLITS } from "../lib/cluster/reply_merge.ts";
import { formatAddress, parseAddress } from "../lib/conn/address.ts";
import { ResponseError } from "../lib/errors/errors.ts";

const ok = (value: unknown): PromiseSettledResult<unknown> => ({ status: "fulfilled", value });
const failed = (reason: unknown): PromiseSettledResult<unknown> => ({ status: "rejected", reason });

describe("mergeReplies: every node's reply made one by the response policy", () => {
  it("agg_sum, agg_min and agg_max work on integers", () => {
    assert.equal(mergeReplies([ok(2), ok(3), ok(0)], "agg_sum"), 5);
    assert.equal(mergeReplies([ok(2), ok(3), ok(1)], "agg_min"), 1);
    assert.equal(mergeReplies([ok(2), ok(3), ok(1)], "agg_max"), 3);
  });

  it("agg_logical_and and agg_logical_or combine scalars and arrays position by position", () => {
    assert.equal(mergeReplies([ok(1), ok(0)], "agg_logical_and"), 0);
    assert.equal(mergeReplies([ok(1), ok(0)], "agg_logical_or"), 1);
    assert.deepEqual(mergeReplies([ok([1, 0, 1]), ok([1, 1, 0])], "agg_logical_and"), [1, 0, 0]);
    assert.deepEqual(mergeReplies([ok([1, 0, 0]), ok([0, 0, 1])], "agg_logical_or"), [1, 0, 1]);
  });

  it("all_succeeded answers the first reply; without a policy arrays are joined", () => {
    assert.equal(mergeReplies([ok("OK"), ok("OK")], "all_succeeded"), "OK");
    assert.deepEqual(mergeReplies([ok(["a"]), ok(["b", "c"])], null), ["a", "b", "c"]);
    assert.equal(mergeReplies([ok("x"), ok("y")], null), "x");
    assert.deepEqual(mergeReplies([ok(["a"]), ok(["b"])], "special"), ["a", "b"]);
  });

  it("one_succeeded takes the first success; every other policy throws the first error", () => {
    const first = new ResponseError("ERR first");
    const second = new ResponseError("ERR second");
    assert.equal(mergeReplies([failed(first), ok("PONG")], "one_succeeded"), "PONG");
    assert.throws(() => mergeReplies([failed(first), failed(second)], "one_succeeded"), first);
    assert.throws(() => mergeReplies([ok(1), failed(first), failed(second)], "agg_sum"), first);
    assert.throws(() => mergeReplies([ok(1), failed(second)], null), second);
  });
});

describe("SPLITS: commands split by slot and their parts merged", () => {
  // Keys 0 and 2 in one slot, key 1 in another: two parts, in the groups' order.
  const groups = new Map([[100, [0, 2]], [200, [1]]]);

  it("MGET puts each value back at its key's position", () => {
    const split = SPLITS.get("MGET")!;
    assert.equal(split.step, 1);
    assert.deepEqual(split.merge([["a", "c"], ["b"]], groups, 3), ["a", "b", "c"]);
  });

  it("DEL, UNLINK, EXISTS and TOUCH add the counts", () => {
    for (const name of ["DEL", "UNLINK", "EXISTS", "TOUCH"]) {
      const split = SPLITS.get(name)!;
      assert.equal(split.step, 1, name);
      assert.equal(split.merge([2, 1], groups, 3), 3, name);
    }
  });

  it("MSET takes key-value pairs and answers OK", () => {
    const split = SPLITS.get("MSET")!;
    assert.equal(split.step, 2);
    assert.equal(split.merge(["OK", "OK"], groups, 3), "OK");
  });

  it("other commands are not split", () => {
    for (const name of ["GET", "SET", "MSETNX", "SUNION", "constructor"]) {
      assert.equal(SPLITS.get(name), undefined, name);
    }
  });
});

describe("parseAddress and formatAddress", () => {
  it("read the port after the last colon, so IPv6 hosts keep theirs", () => {
    assert.deepEqual(parseAddress("127.0.0.1:7000"), { host: "127.0.0.1", port: 7000 });
    assert.deepEqual(parseAddress("::1:7000"), { host: "::1", port: 7000 });
    assert.deepEqual(parseAddress("redis-node-1:6380"), { host: "redis-node-1", port: 6380 });
  });

  it("write what parseAddress reads", () => {
    assert.equal(formatAddress("127.0.0.1", 7000), "127.0.0.1:7000");
    for (const address of ["127.0.0.1:7000", "::1:7000", "node:1"]) {
      const { host, port } = parseAddress(address);
      assert.equal(formatAddress(host, port), address);
    }
  });
});
