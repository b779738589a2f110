import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveOptions } from "../lib/client/options.ts";
import { DataError, Redis } from "../mod.ts";

describe("connection URLs", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["redis://localhost", { host: "localhost", port: 6379, db: 0, tls: undefined }],
    ["redis://h.example:6380/4", { host: "h.example", port: 6380, db: 4 }],
    ["redis://:p%40ss@h/1", { password: "p@ss", username: undefined, db: 1 }],
    ["redis://alice:pw@h", { username: "alice", password: "pw" }],
    ["rediss://h", { tls: {} }],
    ["redis://[::1]:7000", { host: "::1", port: 7000 }],
    ["unix:///run/redis.sock?db=2", { path: "/run/redis.sock", db: 2 }],
    ["redis+unix:///tmp/r.sock?password=pw&clientName=app", {
      path: "/tmp/r.sock",
      password: "pw",
      clientName: "app",
    }],
    ["redis://h?protocol=2&socketTimeout=50&socket_connect_timeout=70", {
      protocol: 2,
      commandTimeout: 50,
      connectTimeout: 70,
    }],
  ];
  for (const [url, expected] of cases) {
    it(`parses ${url}`, () => {
      const resolved = resolveOptions(url) as unknown as Record<string, unknown>;
      // A password is kept in a credentials provider (a closure), never in a property.
      assert.equal(Object.hasOwn(resolved, "password"), false);
      const provider = resolved.credentials as (() => Record<string, unknown>) | undefined;
      for (const [key, value] of Object.entries(expected)) {
        if (key === "password") assert.deepEqual(provider?.().password, value, key);
        else assert.deepEqual(resolved[key], value, key);
      }
    });
  }

  it("options given beside a url override it", () => {
    const resolved = resolveOptions({ url: "redis://h:1/2", db: 5, port: 9 });
    assert.equal(resolved.db, 5);
    assert.equal(resolved.port, 9);
    assert.equal(resolved.host, "h");
  });

  const bad: [unknown, RegExp][] = [
    [
      "http://h",
      /expected the scheme redis:, rediss:, valkey:, valkeys:, unix: or redis\+unix:, got http:/,
    ],
    ["not a url", /url: not a valid URL/],
    ["redis://h/abc", /database \(the path\) in the URL: expected a whole number/],
    ["redis://h?bogus=1", /unknown option 'bogus'/],
    ["redis://h?protocol=4", /protocol: expected 2 or 3, got 4/],
    ["unix://", /needs a socket path/],
    [{ port: 70000 }, /port: expected an integer from 1 to 65535, got 70000/],
    [{ db: -1 }, /db: expected an integer from 0/],
    [{ host: 5 }, /host: expected a string, got 5/],
    [{ socketTimeout: 1.5 }, /socketTimeout: expected an integer/],
    [42, /options: expected a URL string or an options object, got 42/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)} with a DataError saying what is wrong`, () => {
      assert.throws(() => new Redis(input as string), (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it("never repeats the password of a bad URL", () => {
    for (
      const url of ["redis://u:hunter2@h/notadb", "redis://u:hunter2@h?x=1", "ftp://u:hunter2@h"]
    ) {
      assert.throws(() => new Redis(url), (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.ok(!error.message.includes("hunter2"), error.message);
        return true;
      });
    }
  });
});
