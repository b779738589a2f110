import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError } from "../lib/errors/errors.ts";
import { encodeCommand, RespEncoder } from "../lib/resp/encoder.ts";
import type { RedisArg } from "../lib/resp/types.ts";

// Expected bytes are RESP text written out (ASCII, encoded with TextEncoder)
// and explicit byte arrays for binary and UTF-8 payloads.

const textEncoder = new TextEncoder();

function resp(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const encoded = parts.map((part) =>
    typeof part === "string" ? textEncoder.encode(part) : new Uint8Array(part)
  );
  const out = new Uint8Array(encoded.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of encoded) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Compare bytes, reporting the first difference rather than two huge arrays. */
function assertBytes(actual: Uint8Array, expected: Uint8Array) {
  assert.ok(actual instanceof Uint8Array, "expected a Uint8Array");
  const length = Math.min(actual.length, expected.length);
  let at = 0;
  while (at < length && actual[at] === expected[at]) at++;
  if (at === length && actual.length === expected.length) return;
  const show = (bytes: Uint8Array) =>
    JSON.stringify(new TextDecoder().decode(bytes.slice(at, at + 24)));
  assert.fail(
    `bytes differ at offset ${at} (lengths ${actual.length} and ${expected.length}): ` +
      `got ${show(actual)}, expected ${show(expected)}`,
  );
}

function encodeWithEncoder(args: readonly RedisArg[], initialSize?: number): Uint8Array {
  const encoder = new RespEncoder(initialSize);
  encoder.encode(args);
  return encoder.bytes().slice();
}

const binary = [0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f];

const cases: [string, readonly RedisArg[], Uint8Array][] = [
  ["SET k v", ["SET", "k", "v"], resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n")],
  ["a one-word command", ["PING"], resp("*1\r\n$4\r\nPING\r\n")],
  ["an empty string", ["SET", "k", ""], resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n")],
  ["a string containing CRLF", ["ECHO", "a\r\nb"], resp("*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n")],
  ["é as 2 bytes", ["ECHO", "é"], resp("*2\r\n$4\r\nECHO\r\n$2\r\n", [0xc3, 0xa9], "\r\n")],
  ["✓ as 3 bytes", ["ECHO", "✓"], resp("*2\r\n$4\r\nECHO\r\n$3\r\n", [0xe2, 0x9c, 0x93], "\r\n")],
  [
    "🎉 as 4 bytes",
    ["ECHO", "🎉"],
    resp("*2\r\n$4\r\nECHO\r\n$4\r\n", [0xf0, 0x9f, 0x8e, 0x89], "\r\n"),
  ],
  [
    "héllo ✓ 🎉 as 15 bytes",
    ["ECHO", "héllo ✓ 🎉"],
    resp(
      "*2\r\n$4\r\nECHO\r\n$15\r\n",
      [0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f, 0x20, 0xe2, 0x9c, 0x93, 0x20, 0xf0, 0x9f, 0x8e, 0x89],
      "\r\n",
    ),
  ],
  [
    "a lone surrogate as U+FFFD with a matching length",
    ["ECHO", "a\ud800b"],
    resp("*2\r\n$4\r\nECHO\r\n$5\r\n", [0x61, 0xef, 0xbf, 0xbd, 0x62], "\r\n"),
  ],
  ["the number 0", ["ECHO", 0], resp("*2\r\n$4\r\nECHO\r\n$1\r\n0\r\n")],
  ["the number -1", ["ECHO", -1], resp("*2\r\n$4\r\nECHO\r\n$2\r\n-1\r\n")],
  ["the number 42", ["ECHO", 42], resp("*2\r\n$4\r\nECHO\r\n$2\r\n42\r\n")],
  ["the number 2^31", ["ECHO", 2 ** 31], resp("*2\r\n$4\r\nECHO\r\n$10\r\n2147483648\r\n")],
  [
    "the number -2^31-1",
    ["ECHO", -(2 ** 31) - 1],
    resp("*2\r\n$4\r\nECHO\r\n$11\r\n-2147483649\r\n"),
  ],
  [
    "the number 2^53-1",
    ["ECHO", 2 ** 53 - 1],
    resp("*2\r\n$4\r\nECHO\r\n$16\r\n9007199254740991\r\n"),
  ],
  [
    "the number -(2^53-1)",
    ["ECHO", -(2 ** 53 - 1)],
    resp("*2\r\n$4\r\nECHO\r\n$17\r\n-9007199254740991\r\n"),
  ],
  ["the number 1.5", ["ECHO", 1.5], resp("*2\r\n$4\r\nECHO\r\n$3\r\n1.5\r\n")],
  ["the number -0.25", ["ECHO", -0.25], resp("*2\r\n$4\r\nECHO\r\n$5\r\n-0.25\r\n")],
  ["the number 1e-7", ["ECHO", 1e-7], resp("*2\r\n$4\r\nECHO\r\n$4\r\n1e-7\r\n")],
  ["Infinity as inf", ["ECHO", Infinity], resp("*2\r\n$4\r\nECHO\r\n$3\r\ninf\r\n")],
  ["-Infinity as -inf", ["ECHO", -Infinity], resp("*2\r\n$4\r\nECHO\r\n$4\r\n-inf\r\n")],
  ["the bigint 0n", ["ECHO", 0n], resp("*2\r\n$4\r\nECHO\r\n$1\r\n0\r\n")],
  ["the bigint -5n", ["ECHO", -5n], resp("*2\r\n$4\r\nECHO\r\n$2\r\n-5\r\n")],
  [
    "a bigint above 2^64",
    ["ECHO", 123456789012345678901234567890n],
    resp("*2\r\n$4\r\nECHO\r\n$30\r\n123456789012345678901234567890\r\n"),
  ],
  [
    "binary bytes as they are",
    ["SET", "k", new Uint8Array(binary)],
    resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\n", binary, "\r\n"),
  ],
  ["an empty Uint8Array", ["ECHO", new Uint8Array(0)], resp("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n")],
  [
    "only the viewed bytes of a Uint8Array subarray",
    ["ECHO", new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3)],
    resp("*2\r\n$4\r\nECHO\r\n$2\r\n", [2, 3], "\r\n"),
  ],
  [
    "mixed argument types",
    ["ZADD", "z", 1.5, "m", 2n, new Uint8Array([0x6e])],
    resp("*6\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\n1.5\r\n$1\r\nm\r\n$1\r\n2\r\n$1\r\nn\r\n"),
  ],
];

describe("encodeCommand", () => {
  for (const [name, args, expected] of cases) {
    it(`encodes ${name}`, () => {
      assertBytes(encodeCommand(args), expected);
    });
  }

  it("returns a fresh Uint8Array on every call", () => {
    const first = encodeCommand(["PING"]);
    const second = encodeCommand(["PING"]);
    first.fill(0);
    assertBytes(second, resp("*1\r\n$4\r\nPING\r\n"));
  });
});

describe("RespEncoder", () => {
  for (const [name, args, expected] of cases) {
    it(`encodes ${name} into bytes()`, () => {
      assertBytes(encodeWithEncoder(args), expected);
    });
  }

  it("byteLength is the number of bytes written", () => {
    const encoder = new RespEncoder();
    assert.equal(encoder.byteLength, 0);
    encoder.encode(["SET", "k", "v"]);
    assert.equal(encoder.byteLength, 27);
    assert.equal(encoder.bytes().length, 27);
  });

  it("appends several commands so bytes() is their concatenation", () => {
    const encoder = new RespEncoder();
    encoder.encode(["SET", "k", "v"]);
    encoder.encode(["GET", "k"]);
    encoder.encode(["INCRBY", "n", -3]);
    const expected = resp(
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n",
      "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
      "*3\r\n$6\r\nINCRBY\r\n$1\r\nn\r\n$2\r\n-3\r\n",
    );
    assertBytes(encoder.bytes(), expected);
    assert.equal(encoder.byteLength, expected.length);
  });

  it("grows past a 16-byte initial size for a 1 MiB argument", () => {
    const payload = new Uint8Array(1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + 3) & 0xff;
    const encoder = new RespEncoder(16);
    encoder.encode(["SET", "k", payload]);
    const expected = resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048576\r\n", payload, "\r\n");
    assertBytes(encoder.bytes(), expected);
    assert.equal(encoder.byteLength, expected.length);
  });

  it("grows past a 16-byte initial size over 10000 small commands", () => {
    const encoder = new RespEncoder(16);
    const text: string[] = [];
    for (let i = 0; i < 10000; i++) {
      encoder.encode(["INCR", `k${i}`]);
      text.push(`*2\r\n$4\r\nINCR\r\n$${String(i).length + 1}\r\nk${i}\r\n`);
    }
    assertBytes(encoder.bytes(), resp(text.join("")));
  });

  it("keeps earlier commands intact when a later one makes the buffer grow", () => {
    const encoder = new RespEncoder(16);
    encoder.encode(["GET", "a"]);
    encoder.encode(["SET", "b", "x".repeat(1000)]);
    assertBytes(
      encoder.bytes(),
      resp(
        "*2\r\n$3\r\nGET\r\n$1\r\na\r\n",
        "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1000\r\n",
        "x".repeat(1000),
        "\r\n",
      ),
    );
  });

  it("reset() empties the buffer", () => {
    const encoder = new RespEncoder();
    encoder.encode(["SET", "k", "v"]);
    encoder.reset();
    assert.equal(encoder.byteLength, 0);
    assert.equal(encoder.bytes().length, 0);
  });

  it("reset() then encode() holds only the new command", () => {
    const encoder = new RespEncoder(16);
    encoder.encode(["SET", "k", "x".repeat(100)]);
    encoder.reset();
    encoder.encode(["GET", "k"]);
    assertBytes(encoder.bytes(), resp("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"));
    assert.equal(encoder.byteLength, 20);
  });

  it("copies a Uint8Array argument so later changes to it do not leak in", () => {
    const value = new Uint8Array([1, 2, 3]);
    const encoder = new RespEncoder();
    encoder.encode(["SET", "k", value]);
    value.fill(9);
    assertBytes(encoder.bytes(), resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n", [1, 2, 3], "\r\n"));
  });
});

describe("long strings", () => {
  it("encodes 100k ASCII characters exactly", () => {
    const value = "abcdefghij".repeat(10000);
    const bytes = encodeCommand(["SET", "k", value]);
    assertBytes(bytes, resp("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n", value, "\r\n"));
  });

  it("encodes 100k UTF-16 units of mixed non-ASCII as 200000 bytes that decode back", () => {
    const value = "aé✓🎉".repeat(20000); // 5 UTF-16 units and 10 UTF-8 bytes each
    assert.equal(value.length, 100000);
    const unit = [0x61, 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xf0, 0x9f, 0x8e, 0x89];
    const payload = new Uint8Array(200000);
    for (let i = 0; i < 20000; i++) payload.set(unit, i * unit.length);
    const header = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$200000\r\n";
    const bytes = encodeCommand(["SET", "k", value]);
    assertBytes(bytes, resp(header, payload, "\r\n"));
    const decoded = new TextDecoder().decode(bytes.subarray(header.length, header.length + 200000));
    assert.equal(decoded, value);
  });

  it("encodes a long mixed string through RespEncoder after a small initial size", () => {
    const value = "é".repeat(50000);
    const encoder = new RespEncoder(16);
    encoder.encode(["SET", "k", value]);
    const header = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n";
    const bytes = encoder.bytes();
    assert.equal(bytes.length, header.length + 100000 + 2);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, header.length)), header);
    assert.equal(
      new TextDecoder().decode(bytes.subarray(header.length, header.length + 100000)),
      value,
    );
  });
});

describe("invalid arguments", () => {
  const bad: [string, unknown][] = [
    ["NaN", NaN],
    ["true", true],
    ["false", false],
    ["null", null],
    ["undefined", undefined],
    ["a plain object", { a: 1 }],
    ["an array", ["a"]],
    ["a Date", new Date(0)],
    ["a function", () => "x"],
  ];

  for (const [name, value] of bad) {
    it(`encodeCommand throws DataError naming index 3 for ${name}`, () => {
      const args = ["SET", "k", "v", value] as unknown as RedisArg[];
      assert.throws(() => encodeCommand(args), (error: unknown) => {
        assert.ok(error instanceof DataError, `expected DataError, got ${error}`);
        assert.match(error.message, /\b3\b/);
        return true;
      });
    });

    it(`RespEncoder.encode throws DataError naming index 0 for ${name}`, () => {
      const args = [value, "x"] as unknown as RedisArg[];
      assert.throws(() => new RespEncoder().encode(args), (error: unknown) => {
        assert.ok(error instanceof DataError, `expected DataError, got ${error}`);
        assert.match(error.message, /\b0\b/);
        return true;
      });
    });
  }

  it("encodeCommand throws DataError for an empty command", () => {
    assert.throws(() => encodeCommand([]), DataError);
  });

  it("RespEncoder.encode throws DataError for an empty command", () => {
    assert.throws(() => new RespEncoder().encode([]), DataError);
  });

  it("a rejected command leaves the buffer as it was", () => {
    const encoder = new RespEncoder();
    encoder.encode(["GET", "a"]);
    assert.throws(() => encoder.encode(["SET", "k", NaN]), DataError);
    assert.throws(() => encoder.encode([]), DataError);
    encoder.encode(["GET", "b"]);
    assertBytes(
      encoder.bytes(),
      resp("*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n"),
    );
  });
});
