import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AuthenticationError, ResponseError, WrongTypeError } from "../mod.ts";
import { responseErrorFor } from "../lib/errors/response_error_for.ts";
import { describeEachProtocol } from "./support/per_protocol.ts";

/** First words that name members of `Object.prototype` (and `__proto__` itself). */
const PROTOTYPE_WORDS = [
  "constructor",
  "toString",
  "__proto__",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "toLocaleString",
  "__defineGetter__",
];

describe("responseErrorFor", () => {
  for (const word of PROTOTYPE_WORDS) {
    it(`makes a plain ResponseError of '${word} …' and of a bare '${word}'`, () => {
      for (const message of [`${word} something failed`, word]) {
        const error = responseErrorFor(message);
        assert.ok(error instanceof ResponseError, `${message}: ${String(error)}`);
        assert.equal(error.constructor, ResponseError);
        assert.equal(error.name, "ResponseError");
        assert.equal(error.message, message);
        assert.equal(error.code, word);
      }
    });
  }

  it("still types the known codes", () => {
    assert.ok(responseErrorFor("WRONGTYPE Operation against a key") instanceof WrongTypeError);
    assert.ok(
      responseErrorFor("WRONGPASS invalid username-password") instanceof AuthenticationError,
    );
    assert.equal(responseErrorFor("ERR nope").constructor, ResponseError);
  });
});

describeEachProtocol("error replies whose first word is an Object.prototype member", (ctx) => {
  for (const word of PROTOTYPE_WORDS) {
    it(`'${word} x' rejects with a ResponseError; commands sent with it succeed`, async () => {
      await ctx.redis.set("k", "v");
      const [failed, got, pong] = await Promise.allSettled([
        ctx.redis.eval(`return redis.error_reply('${word} x')`, [], []),
        ctx.redis.get("k"),
        ctx.redis.ping(),
      ]);
      assert.equal(
        failed.status,
        "rejected",
        `resolved with ${
          String(
            (failed as PromiseFulfilledResult<unknown>).value,
          )
        }`,
      );
      const error = (failed as PromiseRejectedResult).reason;
      assert.ok(error instanceof ResponseError, String(error));
      // The server's message, whole, then the command it answers (keyless here).
      assert.equal(error.message, `${word} x (EVAL)`);
      assert.equal(error.command, "EVAL");
      assert.equal(error.code, word);
      assert.deepEqual(got, { status: "fulfilled", value: "v" });
      assert.deepEqual(pong, { status: "fulfilled", value: "PONG" });
      // The connection survived: nothing was dropped.
      assert.equal(await ctx.redis.get("k"), "v");
    });
  }
});
