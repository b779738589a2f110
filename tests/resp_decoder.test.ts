import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import process from "node:process";
import { describe, it } from "node:test";
import {
  AuthenticationError,
  ProtocolError,
  ResponseError,
  WrongTypeError,
} from "../lib/errors/errors.ts";
import { type DecoderOptions, parseDouble, RespDecoder } from "../lib/resp/decoder.ts";
import type { RespValue } from "../lib/resp/types.ts";
import { allocationsDuring, chunkRandomly, envInteger, Random } from "./support/resp_fuzz.ts";

// ---------------------------------------------------------------------------
// Helpers. Fixtures are RESP text written out (ASCII only, encoded with
// TextEncoder) and explicit byte arrays for binary and UTF-8 payloads.

const textEncoder = new TextEncoder();

/** Concatenate ASCII text and explicit byte arrays into one fixture. */
function resp(...parts: (string | number[])[]): Uint8Array {
  const encoded = parts.map((part) =>
    typeof part === "string" ? textEncoder.encode(part) : new Uint8Array(part)
  );
  return concat(encoded);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function bytesOf(text: string): Uint8Array {
  return textEncoder.encode(text);
}

type Kind = "reply" | "push";
type Event = [Kind, RespValue];

/**
 * A structural, runtime-independent view of a decoded value, so that strings
 * and bytes, error classes, NaN and bigints compare exactly with deepEqual.
 */
function plain(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isNaN(value) ? { nan: true } : value;
  if (typeof value === "bigint") return { bigint: value.toString() };
  if (value instanceof Uint8Array) return { bytes: Array.from(value) };
  if (value instanceof ResponseError) {
    return {
      error: value.name,
      instanceOf: value.constructor.name,
      code: value.code,
      message: value.message,
    };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [plain(k), plain(v)]) };
  return { unexpected: Object.prototype.toString.call(value), value: String(value) };
}

function plainEvents(events: Event[]): unknown[] {
  return events.map(([kind, value]) => [kind, plain(value)]);
}

interface Mode {
  returnBytes?: boolean;
  pushBytes?: boolean;
}

/** A decoder whose handlers record every delivered value, in order. */
function recorder(mode: Mode = {}, options?: DecoderOptions) {
  const events: Event[] = [];
  const decoder = new RespDecoder({
    onReply(value) {
      events.push(["reply", value]);
    },
    onPush(value) {
      events.push(["push", value]);
    },
  }, options);
  if (mode.returnBytes !== undefined) decoder.returnBytes = mode.returnBytes;
  if (mode.pushBytes !== undefined) decoder.pushBytes = mode.pushBytes;
  return { decoder, events };
}

function decodeChunks(chunks: Uint8Array[], mode: Mode = {}, options?: DecoderOptions): Event[] {
  const { decoder, events } = recorder(mode, options);
  for (const chunk of chunks) decoder.feed(chunk);
  return events;
}

function oneByteChunks(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) chunks.push(bytes.slice(i, i + 1));
  return chunks;
}

function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
  return chunks;
}

function assertDecodes(chunks: Uint8Array[], expected: Event[], mode?: Mode, label?: string) {
  assert.deepEqual(plainEvents(decodeChunks(chunks, mode)), plainEvents(expected), label);
}

/** Feed the chunks in turn; some feed must throw a ProtocolError. */
function assertProtocolError(chunks: Uint8Array[], options?: DecoderOptions) {
  const { decoder } = recorder({}, options);
  assert.throws(() => {
    for (const chunk of chunks) decoder.feed(chunk);
  }, ProtocolError);
}

/** Resident plus external memory, in bytes (external is where Deno counts ArrayBuffers). */
function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.rss + (usage.external ?? 0) + usage.heapUsed;
}

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------
// Fixtures: bytes on the wire and the values the handlers must receive.

interface Fixture {
  name: string;
  bytes: Uint8Array;
  expected: Event[];
  mode?: Mode;
}

const reply = (value: RespValue): Event => ["reply", value];
const push = (value: RespValue[]): Event => ["push", value];

// "héllo ✓ 🎉": 1 + 2 + 3 + 1 + 3 + 1 + 4 = 15 bytes of UTF-8.
const hello_utf8 = [
  0x68,
  0xc3,
  0xa9,
  0x6c,
  0x6c,
  0x6f,
  0x20,
  0xe2,
  0x9c,
  0x93,
  0x20,
  0xf0,
  0x9f,
  0x8e,
  0x89,
];
const binary = [0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f];

const fixtures: Fixture[] = [
  // simple strings, errors, integers
  { name: "simple string +OK", bytes: resp("+OK\r\n"), expected: [reply("OK")] },
  { name: "empty simple string", bytes: resp("+\r\n"), expected: [reply("")] },
  {
    name: "simple string with UTF-8",
    bytes: resp("+", [0xc3, 0xa9, 0xe2, 0x9c, 0x93], "\r\n"),
    expected: [reply("é✓")],
  },
  {
    name: "error -ERR bad",
    bytes: resp("-ERR bad\r\n"),
    expected: [reply(new ResponseError("ERR bad"))],
  },
  {
    name: "error with a WRONGTYPE code",
    bytes: resp("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
    expected: [
      reply(
        new WrongTypeError("WRONGTYPE Operation against a key holding the wrong kind of value"),
      ),
    ],
  },
  {
    name: "error with a NOAUTH code",
    bytes: resp("-NOAUTH Authentication required.\r\n"),
    expected: [reply(new AuthenticationError("NOAUTH Authentication required."))],
  },
  { name: "integer :-42", bytes: resp(":-42\r\n"), expected: [reply(-42)] },
  { name: "integer :0", bytes: resp(":0\r\n"), expected: [reply(0)] },
  {
    name: "integer 2^53-1",
    bytes: resp(":9007199254740991\r\n"),
    expected: [reply(9007199254740991)],
  },
  // bulk strings
  { name: "bulk string", bytes: resp("$5\r\nhello\r\n"), expected: [reply("hello")] },
  { name: "empty bulk string", bytes: resp("$0\r\n\r\n"), expected: [reply("")] },
  {
    name: "bulk string containing CRLF",
    bytes: resp("$6\r\nab\r\ncd\r\n"),
    expected: [reply("ab\r\ncd")],
  },
  {
    name: "bulk string ending in CRLF",
    bytes: resp("$4\r\nab\r\n\r\n"),
    expected: [reply("ab\r\n")],
  },
  {
    name: "bulk string of multi-byte UTF-8",
    bytes: resp("$15\r\n", hello_utf8, "\r\n"),
    expected: [reply("héllo ✓ 🎉")],
  },
  // nulls
  { name: "null bulk $-1", bytes: resp("$-1\r\n"), expected: [reply(null)] },
  { name: "null array *-1", bytes: resp("*-1\r\n"), expected: [reply(null)] },
  { name: "RESP3 null _", bytes: resp("_\r\n"), expected: [reply(null)] },
  // aggregates
  { name: "empty array", bytes: resp("*0\r\n"), expected: [reply([])] },
  {
    name: "array of bulk and integer",
    bytes: resp("*2\r\n$3\r\nfoo\r\n:1\r\n"),
    expected: [reply(["foo", 1])],
  },
  {
    name: "nested arrays",
    bytes: resp("*3\r\n*2\r\n:1\r\n:2\r\n*0\r\n*1\r\n*1\r\n+x\r\n"),
    expected: [reply([[1, 2], [], [["x"]]])],
  },
  {
    name: "array of nulls",
    bytes: resp("*3\r\n$-1\r\n_\r\n*-1\r\n"),
    expected: [reply([null, null, null])],
  },
  {
    name: "EXEC reply with a nested error",
    bytes: resp("*2\r\n+OK\r\n-ERR x\r\n"),
    expected: [reply(["OK", new ResponseError("ERR x")])],
  },
  {
    name: "array with a nested bulk error",
    bytes: resp("*2\r\n:1\r\n!5\r\nERR y\r\n"),
    expected: [reply([1, new ResponseError("ERR y")])],
  },
  {
    name: "map",
    bytes: resp("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n"),
    expected: [reply(new Map<RespValue, RespValue>([["a", 1], ["b", 2]]))],
  },
  { name: "empty map", bytes: resp("%0\r\n"), expected: [reply(new Map())] },
  {
    name: "map with aggregate values",
    bytes: resp("%2\r\n$4\r\nlist\r\n*2\r\n:1\r\n:2\r\n$3\r\nmap\r\n%1\r\n+k\r\n_\r\n"),
    expected: [
      reply(
        new Map<RespValue, RespValue>([
          ["list", [1, 2]],
          ["map", new Map<RespValue, RespValue>([["k", null]])],
        ]),
      ),
    ],
  },
  {
    name: "set",
    bytes: resp("~3\r\n+a\r\n$1\r\nb\r\n:3\r\n"),
    expected: [reply(["a", "b", 3])],
  },
  // RESP3 scalars
  { name: "boolean #t", bytes: resp("#t\r\n"), expected: [reply(true)] },
  { name: "boolean #f", bytes: resp("#f\r\n"), expected: [reply(false)] },
  { name: "double 1.5", bytes: resp(",1.5\r\n"), expected: [reply(1.5)] },
  { name: "double -0.25", bytes: resp(",-0.25\r\n"), expected: [reply(-0.25)] },
  { name: "double written as an integer", bytes: resp(",10\r\n"), expected: [reply(10)] },
  { name: "double 1e3", bytes: resp(",1e3\r\n"), expected: [reply(1000)] },
  { name: "double inf", bytes: resp(",inf\r\n"), expected: [reply(Infinity)] },
  { name: "double -inf", bytes: resp(",-inf\r\n"), expected: [reply(-Infinity)] },
  { name: "double nan", bytes: resp(",nan\r\n"), expected: [reply(NaN)] },
  {
    name: "big number",
    bytes: resp("(3492890328409238509324850943850943825024385\r\n"),
    expected: [reply(3492890328409238509324850943850943825024385n)],
  },
  {
    name: "negative big number",
    bytes: resp("(-3492890328409238509324850943850943825024385\r\n"),
    expected: [reply(-3492890328409238509324850943850943825024385n)],
  },
  {
    name: "bulk error",
    bytes: resp("!21\r\nSYNTAX invalid syntax\r\n"),
    expected: [reply(new ResponseError("SYNTAX invalid syntax"))],
  },
  {
    name: "bulk error with a WRONGTYPE code",
    bytes: resp("!20\r\nWRONGTYPE wrong kind\r\n"),
    expected: [reply(new WrongTypeError("WRONGTYPE wrong kind"))],
  },
  {
    name: "verbatim string",
    bytes: resp("=15\r\ntxt:Some string\r\n"),
    expected: [reply("Some string")],
  },
  { name: "empty verbatim string", bytes: resp("=4\r\nmkd:\r\n"), expected: [reply("")] },
  // attributes are discarded
  {
    name: "attribute before a top-level reply",
    bytes: resp(
      "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n",
      "*2\r\n:2039123\r\n:9543892\r\n",
    ),
    expected: [reply([2039123, 9543892])],
  },
  {
    name: "attribute before a scalar reply",
    bytes: resp("|1\r\n+ttl\r\n:3600\r\n+v\r\n"),
    expected: [reply("v")],
  },
  {
    name: "attribute nested inside an array",
    bytes: resp("*2\r\n|1\r\n+ttl\r\n:3600\r\n+a\r\n:2\r\n"),
    expected: [reply(["a", 2])],
  },
  // pushes
  {
    name: "push message",
    bytes: resp(">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n"),
    expected: [push(["message", "chan", "hello"])],
  },
  {
    name: "push pmessage",
    bytes: resp(">4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nc1\r\n$2\r\nhi\r\n"),
    expected: [push(["pmessage", "c*", "c1", "hi"])],
  },
  {
    name: "push with returnBytes only stays text",
    bytes: resp(">2\r\n$7\r\nmessage\r\n$1\r\nx\r\n"),
    expected: [push(["message", "x"])],
    mode: { returnBytes: true },
  },
  {
    name: "push with pushBytes",
    bytes: resp(">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$6\r\n", binary, "\r\n"),
    expected: [push([bytesOf("message"), bytesOf("chan"), new Uint8Array(binary)])],
    mode: { pushBytes: true },
  },
  {
    name: "reply with pushBytes only stays text",
    bytes: resp("$5\r\nhello\r\n"),
    expected: [reply("hello")],
    mode: { pushBytes: true },
  },
  // bytes mode
  {
    name: "bulk string as bytes",
    bytes: resp("$5\r\nhello\r\n"),
    expected: [reply(bytesOf("hello"))],
    mode: { returnBytes: true },
  },
  {
    name: "binary bulk string as exact bytes",
    bytes: resp("$6\r\n", binary, "\r\n"),
    expected: [reply(new Uint8Array(binary))],
    mode: { returnBytes: true },
  },
  {
    name: "bulk string ending in CRLF as bytes",
    bytes: resp("$4\r\nab\r\n\r\n"),
    expected: [reply(new Uint8Array([0x61, 0x62, 0x0d, 0x0a]))],
    mode: { returnBytes: true },
  },
  {
    name: "UTF-8 bulk string as raw bytes",
    bytes: resp("$15\r\n", hello_utf8, "\r\n"),
    expected: [reply(new Uint8Array(hello_utf8))],
    mode: { returnBytes: true },
  },
  {
    name: "empty bulk string as bytes",
    bytes: resp("$0\r\n\r\n"),
    expected: [reply(new Uint8Array(0))],
    mode: { returnBytes: true },
  },
  {
    name: "null bulk in bytes mode",
    bytes: resp("$-1\r\n"),
    expected: [reply(null)],
    mode: { returnBytes: true },
  },
  {
    name: "verbatim string as bytes without its prefix",
    bytes: resp("=15\r\ntxt:Some string\r\n"),
    expected: [reply(bytesOf("Some string"))],
    mode: { returnBytes: true },
  },
  {
    name: "simple string stays text in bytes mode",
    bytes: resp("+OK\r\n"),
    expected: [reply("OK")],
    mode: { returnBytes: true },
  },
  {
    name: "error stays a ResponseError in bytes mode",
    bytes: resp("-ERR bad\r\n"),
    expected: [reply(new ResponseError("ERR bad"))],
    mode: { returnBytes: true },
  },
  {
    name: "bulk error stays a ResponseError in bytes mode",
    bytes: resp("!21\r\nSYNTAX invalid syntax\r\n"),
    expected: [reply(new ResponseError("SYNTAX invalid syntax"))],
    mode: { returnBytes: true },
  },
  {
    name: "array elements as bytes",
    bytes: resp("*3\r\n$1\r\na\r\n:1\r\n+s\r\n"),
    expected: [reply([bytesOf("a"), 1, "s"])],
    mode: { returnBytes: true },
  },
  {
    name: "map keys and values as bytes",
    bytes: resp("%1\r\n$1\r\nk\r\n$6\r\n", binary, "\r\n"),
    expected: [reply(new Map<RespValue, RespValue>([[bytesOf("k"), new Uint8Array(binary)]]))],
    mode: { returnBytes: true },
  },
];

// ---------------------------------------------------------------------------

describe("RespDecoder fixtures", () => {
  for (const fixture of fixtures) {
    const { name, bytes, expected, mode } = fixture;

    it(`${name}: decodes when fed whole`, () => {
      assertDecodes([bytes], expected, mode);
    });

    it(`${name}: decodes when split in two at every byte`, () => {
      for (let at = 0; at <= bytes.length; at++) {
        assertDecodes([bytes.slice(0, at), bytes.slice(at)], expected, mode, `split at ${at}`);
      }
    });

    it(`${name}: decodes when fed one byte at a time`, () => {
      assertDecodes(oneByteChunks(bytes), expected, mode);
    });

    it(`${name}: decodes from a read buffer the caller reuses`, () => {
      const scratch = new Uint8Array(bytes.length);
      for (let at = 0; at <= bytes.length; at++) {
        const { decoder, events } = recorder(mode);
        for (const part of [bytes.subarray(0, at), bytes.subarray(at)]) {
          scratch.set(part);
          decoder.feed(scratch.subarray(0, part.length));
          scratch.fill(0x58);
        }
        assert.deepEqual(plainEvents(events), plainEvents(expected), `split at ${at}`);
      }
    });
  }
});

describe("RespDecoder with several replies in one chunk", () => {
  const modes = new Map<string, Fixture[]>();
  for (const fixture of fixtures) {
    const key = JSON.stringify(fixture.mode ?? {});
    modes.set(key, [...(modes.get(key) ?? []), fixture]);
  }
  for (const [key, group] of modes) {
    const mode = JSON.parse(key) as Mode;
    const bytes = concat(group.map((fixture) => fixture.bytes));
    const expected = group.flatMap((fixture) => fixture.expected);

    it(`delivers ${group.length} concatenated fixtures in order (mode ${key})`, () => {
      assertDecodes([bytes], expected, mode);
    });

    it(`delivers ${group.length} concatenated fixtures in order when split at every byte (mode ${key})`, () => {
      for (let at = 0; at <= bytes.length; at++) {
        assertDecodes([bytes.slice(0, at), bytes.slice(at)], expected, mode, `split at ${at}`);
      }
    });

    it(`delivers ${group.length} concatenated fixtures in order one byte at a time (mode ${key})`, () => {
      assertDecodes(oneByteChunks(bytes), expected, mode);
    });
  }

  it("delivers 10000 pipelined integer replies in order", () => {
    const count = 10000;
    const text = Array.from({ length: count }, (_, i) => `:${i}\r\n`).join("");
    const events = decodeChunks([bytesOf(text)]);
    assert.equal(events.length, count);
    assert.deepEqual(events.map(([, value]) => value), Array.from({ length: count }, (_, i) => i));
  });

  it("sends pushes to onPush and replies to onReply, interleaved in wire order", () => {
    const events = decodeChunks([
      resp("+a\r\n>2\r\n$7\r\nmessage\r\n$1\r\nx\r\n:1\r\n>1\r\n+y\r\n+b\r\n"),
    ]);
    assert.deepEqual(
      plainEvents(events),
      plainEvents([
        reply("a"),
        push(["message", "x"]),
        reply(1),
        push(["y"]),
        reply("b"),
      ]),
    );
  });
});

describe("RespDecoder partial input", () => {
  it("delivers nothing until a value is complete", () => {
    const { decoder, events } = recorder();
    decoder.feed(resp("*2\r\n:1\r\n$5\r\nhel"));
    assert.equal(events.length, 0);
    decoder.feed(resp("lo\r"));
    assert.equal(events.length, 0);
    decoder.feed(resp("\n"));
    assert.deepEqual(plainEvents(events), plainEvents([reply([1, "hello"])]));
  });

  it("ignores an empty chunk", () => {
    const { decoder, events } = recorder();
    decoder.feed(new Uint8Array(0));
    decoder.feed(resp("$5\r\nhe"));
    decoder.feed(new Uint8Array(0));
    decoder.feed(resp("llo\r\n"));
    decoder.feed(new Uint8Array(0));
    assert.deepEqual(plainEvents(events), plainEvents([reply("hello")]));
  });

  it("reset() forgets a partially received reply", () => {
    const { decoder, events } = recorder();
    decoder.feed(resp("*3\r\n:1\r\n$5\r\nhel"));
    decoder.reset();
    decoder.feed(resp("+OK\r\n"));
    assert.deepEqual(plainEvents(events), plainEvents([reply("OK")]));
  });

  it("reset() after a ProtocolError makes the decoder usable again", () => {
    const { decoder, events } = recorder();
    assert.throws(() => decoder.feed(resp("?x\r\n")), ProtocolError);
    decoder.reset();
    decoder.feed(resp("+OK\r\n"));
    assert.deepEqual(plainEvents(events), plainEvents([reply("OK")]));
  });

  it("delivers the replies that precede invalid bytes in the same chunk", () => {
    const { decoder, events } = recorder();
    assert.throws(() => decoder.feed(resp("+OK\r\n:1\r\n?x\r\n")), ProtocolError);
    assert.deepEqual(plainEvents(events), plainEvents([reply("OK"), reply(1)]));
  });

  it("keeps bytes it delivered intact when the caller reuses the chunk", () => {
    const { decoder, events } = recorder({ returnBytes: true });
    const chunk = resp("*2\r\n$5\r\nhello\r\n$6\r\n", binary, "\r\n");
    decoder.feed(chunk);
    chunk.fill(0x58);
    assert.deepEqual(
      plainEvents(events),
      plainEvents([reply([bytesOf("hello"), new Uint8Array(binary)])]),
    );
  });
});

describe("RespDecoder large payloads", () => {
  it("decodes a 1 MiB binary bulk string fed in 4 KiB chunks byte-exact", () => {
    const payload = new Uint8Array(MiB);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + 7) & 0xff;
    const bytes = concat([bytesOf(`$${MiB}\r\n`), payload, bytesOf("\r\n")]);
    const events = decodeChunks(chunksOf(bytes, 4096), { returnBytes: true });
    assert.equal(events.length, 1);
    const [kind, value] = events[0];
    assert.equal(kind, "reply");
    assert.ok(value instanceof Uint8Array, "expected a Uint8Array");
    assert.equal(value.length, payload.length);
    const mismatch = value.findIndex((byte, i) => byte !== payload[i]);
    assert.equal(mismatch, -1, `first differing byte at ${mismatch}`);
  });

  it("decodes 200 KB of multi-byte UTF-8 fed in 7-byte chunks", () => {
    const pattern = [0x61, 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xf0, 0x9f, 0x8e, 0x89]; // "aé✓🎉"
    const repeats = 20000;
    const payload = new Uint8Array(pattern.length * repeats);
    for (let i = 0; i < repeats; i++) payload.set(pattern, i * pattern.length);
    const bytes = concat([bytesOf(`$${payload.length}\r\n`), payload, bytesOf("\r\n")]);
    const events = decodeChunks(chunksOf(bytes, 7));
    assert.equal(events.length, 1);
    assert.equal(events[0][1], "aé✓🎉".repeat(repeats));
  });

  it("accepts a bulk string of exactly maxBulkLength bytes", () => {
    const bytes = concat([bytesOf("$1024\r\n"), new Uint8Array(1024).fill(0x61), bytesOf("\r\n")]);
    const { decoder, events } = recorder({}, { maxBulkLength: 1024 });
    decoder.feed(bytes);
    assert.deepEqual(plainEvents(events), plainEvents([reply("a".repeat(1024))]));
  });

  it("accepts a simple string well under maxLineLength", () => {
    const { decoder, events } = recorder({}, { maxLineLength: 16 });
    decoder.feed(resp("+abcdefgh\r\n"));
    assert.deepEqual(plainEvents(events), plainEvents([reply("abcdefgh")]));
  });

  it("does not apply maxLineLength to bulk payloads", () => {
    const { decoder, events } = recorder({}, { maxLineLength: 16 });
    decoder.feed(resp(`$100\r\n${"b".repeat(100)}\r\n`));
    assert.deepEqual(plainEvents(events), plainEvents([reply("b".repeat(100))]));
  });

  it("neither throws nor allocates for a huge announced array followed by nothing", () => {
    const before = memoryInUse();
    const { decoder, events } = recorder();
    const { largest } = allocationsDuring(() => decoder.feed(resp("*2147483647\r\n")));
    assert.ok(largest < 64 * MiB, `allocated ${largest} bytes up front`);
    assert.equal(events.length, 0);
    assert.ok(memoryInUse() - before < 256 * MiB, "memory grew by more than 256 MiB");
  });

  it("accepts elements after a huge announced array without delivering it", () => {
    const { decoder, events } = recorder();
    decoder.feed(resp("*2147483647\r\n"));
    decoder.feed(resp(":1\r\n$1\r\na\r\n+b\r\n"));
    assert.equal(events.length, 0);
  });

  it("does not allocate the announced size of a huge bulk string followed by little data", () => {
    const before = memoryInUse();
    const { decoder, events } = recorder();
    const { largest } = allocationsDuring(() => {
      decoder.feed(resp("$536870000\r\n"));
      decoder.feed(resp("abc"));
      decoder.feed(new Uint8Array(4096).fill(0x61));
    });
    assert.ok(largest < 64 * MiB, `allocated ${largest} bytes for a 512 MB announcement`);
    assert.equal(events.length, 0);
    assert.ok(memoryInUse() - before < 256 * MiB, "memory grew by more than 256 MiB");
  });
});

describe("RespDecoder returnBytes and pushBytes", () => {
  it("returnBytes set inside onReply applies from the next reply in the same chunk", () => {
    const events: RespValue[] = [];
    const decoder = new RespDecoder({
      onReply(value) {
        events.push(value);
        decoder.returnBytes = true;
      },
      onPush() {},
    });
    decoder.feed(resp("$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"));
    assert.deepEqual(events.map(plain), ["a", bytesOf("b"), bytesOf("c")].map(plain));
  });

  it("returnBytes cleared inside onReply applies from the next reply in the same chunk", () => {
    const events: RespValue[] = [];
    const decoder = new RespDecoder({
      onReply(value) {
        events.push(value);
        decoder.returnBytes = false;
      },
      onPush() {},
    });
    decoder.returnBytes = true;
    decoder.feed(resp("$1\r\na\r\n$1\r\nb\r\n"));
    assert.deepEqual(events.map(plain), [bytesOf("a"), "b"].map(plain));
  });

  it("returnBytes changed while a reply is partly received does not affect that reply", () => {
    const { decoder, events } = recorder();
    decoder.feed(resp("*2\r\n$1\r\na\r\n"));
    decoder.returnBytes = true;
    decoder.feed(resp("$1\r\nb\r\n$1\r\nc\r\n"));
    assert.deepEqual(plainEvents(events), plainEvents([reply(["a", "b"]), reply(bytesOf("c"))]));
  });

  it("pushBytes set inside onReply applies to a push later in the same chunk", () => {
    const events: Event[] = [];
    const decoder = new RespDecoder({
      onReply(value) {
        events.push(["reply", value]);
        decoder.pushBytes = true;
      },
      onPush(value) {
        events.push(["push", value]);
      },
    });
    decoder.feed(resp("$1\r\na\r\n>2\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\nb\r\n"));
    assert.deepEqual(
      plainEvents(events),
      plainEvents([reply("a"), push([bytesOf("message"), bytesOf("x")]), reply("b")]),
    );
  });
});

describe("RespDecoder hostile input", () => {
  const cases: [string, Uint8Array, DecoderOptions?][] = [
    ["an unknown type byte", resp("?x\r\n")],
    ["a bulk length of -2", resp("$-2\r\n")],
    ["an array length of -5", resp("*-5\r\n")],
    ["a map length of -2", resp("%-2\r\n")],
    ["a set length of -3", resp("~-3\r\n")],
    ["a push length of -2", resp(">-2\r\n")],
    ["a verbatim length of -2", resp("=-2\r\n")],
    ["a non-numeric bulk length", resp("$abc\r\n")],
    ["an array length with junk", resp("*1x\r\n")],
    ["an empty bulk length", resp("$\r\n")],
    ["an empty array length", resp("*\r\n")],
    ["an integer with junk", resp(":12a\r\n")],
    ["an integer with a fraction", resp(":1.5\r\n")],
    ["an empty integer", resp(":\r\n")],
    ["a bulk payload not followed by CRLF", resp("$3\r\nabcXY")],
    ["a bulk payload longer than announced", resp("$3\r\nabcd\r\n")],
    ["a bad boolean #x", resp("#x\r\n")],
    ["a bad boolean #true", resp("#true\r\n")],
    ["a bad double", resp(",abc\r\n")],
    ["a double with junk", resp(",1.5x\r\n")],
    ["an empty double", resp(",\r\n")],
    ["a bad big number", resp("(12a\r\n")],
    ["an invalid element inside an array", resp("*2\r\n:1\r\n?x\r\n")],
    ["a bulk length above maxBulkLength", resp("$2000\r\n"), { maxBulkLength: 1024 }],
    ["a bulk length one above maxBulkLength", resp("$1025\r\n"), { maxBulkLength: 1024 }],
    ["a verbatim length above maxBulkLength", resp("=2000\r\n"), { maxBulkLength: 1024 }],
    ["a bulk error length above maxBulkLength", resp("!2000\r\n"), { maxBulkLength: 1024 }],
    ["a bulk length above the default 512 MiB", resp(`$${512 * MiB + 1}\r\n`)],
    ["100 nested arrays with the default maxDepth", resp("*1\r\n".repeat(100), ":1\r\n")],
    ["100 nested arrays with nothing after them", resp("*1\r\n".repeat(100))],
    ["100 nested maps with the default maxDepth", resp("%1\r\n+k\r\n".repeat(100), ":1\r\n")],
    ["5 nested arrays with maxDepth 3", resp("*1\r\n".repeat(5), ":1\r\n"), { maxDepth: 3 }],
    ["an unterminated simple string longer than maxLineLength", resp("+", "a".repeat(100)), {
      maxLineLength: 16,
    }],
    ["a terminated simple string longer than maxLineLength", resp("+", "a".repeat(100), "\r\n"), {
      maxLineLength: 16,
    }],
    ["an unterminated error line longer than maxLineLength", resp("-ERR ", "e".repeat(100)), {
      maxLineLength: 16,
    }],
    ["an unterminated integer longer than maxLineLength", resp(":", "1".repeat(100)), {
      maxLineLength: 16,
    }],
    ["an unterminated header longer than maxLineLength", resp("*", "1".repeat(100)), {
      maxLineLength: 16,
    }],
    ["an unterminated line longer than the default 64 KiB", resp("+", "a".repeat(70 * 1024))],
  ];

  for (const [name, bytes, options] of cases) {
    it(`throws ProtocolError on ${name} fed whole`, () => {
      assertProtocolError([bytes], options);
    });

    it(`throws ProtocolError on ${name} fed one byte at a time`, () => {
      assertProtocolError(oneByteChunks(bytes), options);
    });
  }

  it("throws ProtocolError on a bulk length above maxBulkLength before any payload arrives", () => {
    const { decoder } = recorder({}, { maxBulkLength: 1024 });
    assert.throws(() => decoder.feed(resp("$2000\r\n")), ProtocolError);
  });

  it("throws ProtocolError within the first MiB of an endless line in 1 KiB chunks", () => {
    const { decoder } = recorder();
    const chunk = new Uint8Array(1024).fill(0x61);
    decoder.feed(resp("+"));
    assert.throws(() => {
      for (let i = 0; i < 1024; i++) decoder.feed(chunk);
    }, ProtocolError);
  });
});

describe("RespDecoder maxDepth", () => {
  const nested = (depth: number) => resp("*1\r\n".repeat(depth), ":1\r\n");
  const nestedValue = (depth: number): RespValue => depth === 0 ? 1 : [nestedValue(depth - 1)];

  it("accepts 32 nested arrays with the default maxDepth", () => {
    assertDecodes([nested(32)], [reply(nestedValue(32))]);
  });

  it("accepts exactly 64 nested arrays with the default maxDepth", () => {
    assertDecodes([nested(64)], [reply(nestedValue(64))]);
  });

  it("rejects 65 nested arrays with the default maxDepth", () => {
    assertProtocolError([nested(65)]);
  });

  it("accepts exactly maxDepth nested arrays", () => {
    const { decoder, events } = recorder({}, { maxDepth: 3 });
    decoder.feed(nested(3));
    assert.deepEqual(plainEvents(events), plainEvents([reply(nestedValue(3))]));
  });

  it("rejects maxDepth + 1 nested arrays", () => {
    assertProtocolError([nested(4)], { maxDepth: 3 });
  });
});

describe("RespDecoder with Buffer chunks (what Bun and Node sockets hand over)", () => {
  it("returns plain Uint8Array copies, not views of the Buffer", () => {
    const { decoder, events } = recorder({ returnBytes: true });
    const chunk = Buffer.from("$3\r\nabc\r\n*1\r\n$2\r\nxy\r\n");
    decoder.feed(chunk);
    chunk.fill(0);
    assert.equal(events.length, 2);
    const [first, second] = events.map(([, value]) => value) as [Uint8Array, Uint8Array[]];
    assert.equal(first.constructor, Uint8Array);
    assert.deepEqual(first, new Uint8Array([0x61, 0x62, 0x63]));
    assert.equal(second[0].constructor, Uint8Array);
    assert.deepEqual(second[0], new Uint8Array([0x78, 0x79]));
  });
});

// ---------------------------------------------------------------------------
// Regressions: each block below failed before the fix it names.

/** Every way to cut `bytes` into one, two and three chunks. */
function everySplit(bytes: Uint8Array): Uint8Array[][] {
  const splits: Uint8Array[][] = [[bytes]];
  for (let a = 0; a <= bytes.length; a++) {
    splits.push([bytes.slice(0, a), bytes.slice(a)]);
    for (let b = a; b <= bytes.length; b++) {
      splits.push([bytes.slice(0, a), bytes.slice(a, b), bytes.slice(b)]);
    }
  }
  splits.push(oneByteChunks(bytes));
  return splits;
}

type AttributedEvent = ["reply" | "push" | "attribute", RespValue];

/** Decode `chunks` with an `onAttribute` handler too; every event in order. */
function decodeWithAttributes(chunks: Uint8Array[], mode: Mode = {}): AttributedEvent[] {
  const events: AttributedEvent[] = [];
  const decoder = new RespDecoder({
    onReply: (value) => events.push(["reply", value]),
    onPush: (value) => events.push(["push", value]),
    onAttribute: (value) => events.push(["attribute", value]),
  });
  if (mode.returnBytes !== undefined) decoder.returnBytes = mode.returnBytes;
  if (mode.pushBytes !== undefined) decoder.pushBytes = mode.pushBytes;
  for (const chunk of chunks) decoder.feed(chunk);
  return events;
}

const BOM = [0xef, 0xbb, 0xbf];

describe("RespDecoder keeps a leading U+FEFF (regression: TextDecoder stripped the BOM)", () => {
  const long = "x".repeat(40);
  const cases: [string, Uint8Array, RespValue][] = [
    ["a short bulk string", resp("$6\r\n", BOM, "abc\r\n"), "\uFEFFabc"],
    ["a bulk string of only U+FEFF", resp("$3\r\n", BOM, "\r\n"), "\uFEFF"],
    ["a long bulk string", resp("$43\r\n", BOM, `${long}\r\n`), `\uFEFF${long}`],
    ["a short simple string", resp("+", BOM, "hi\r\n"), "\uFEFFhi"],
    ["a long simple string", resp("+", BOM, `${long}\r\n`), `\uFEFF${long}`],
    ["a verbatim string", resp("=9\r\ntxt:", BOM, "ok\r\n"), "\uFEFFok"],
    ["an error", resp("-", BOM, "ERR x\r\n"), new ResponseError("\uFEFFERR x")],
    ["a bulk error", resp("!8\r\n", BOM, "ERR x\r\n"), new ResponseError("\uFEFFERR x")],
    [
      "a map key",
      resp("%1\r\n$4\r\n", BOM, "k\r\n:1\r\n"),
      new Map<RespValue, RespValue>([["\uFEFFk", 1]]),
    ],
    ["an array element", resp("*2\r\n$4\r\n", BOM, "a\r\n+", BOM, "b\r\n"), [
      "\uFEFFa",
      "\uFEFFb",
    ]],
  ];
  for (const [name, bytes, value] of cases) {
    it(`${name}, fed whole, split in two anywhere, and one byte at a time`, () => {
      assertDecodes([bytes], [reply(value)]);
      for (let at = 0; at <= bytes.length; at++) {
        assertDecodes([bytes.slice(0, at), bytes.slice(at)], [reply(value)], {}, `split ${at}`);
      }
      assertDecodes(oneByteChunks(bytes), [reply(value)]);
    });
  }

  it("a chunk that begins inside a bulk body with U+FEFF", () => {
    const body = [...BOM, ...bytesOf(long)];
    assertDecodes(
      [resp(`$${body.length}\r\n`), resp(body, "\r\n+", BOM, `${long}\r\n`)],
      [reply(`\uFEFF${long}`), reply(`\uFEFF${long}`)],
    );
  });

  it("asString (lib/commands/transforms.ts) keeps U+FEFF of a bytes reply", async () => {
    const { asString } = await import("../lib/commands/transforms.ts");
    assert.equal(asString(new Uint8Array([...BOM, 0x61])), "\uFEFFa");
  });
});

describe("RespDecoder attributes and empty pushes (regression: |0 took a reply slot)", () => {
  const attr = (entries: [RespValue, RespValue][]): AttributedEvent => [
    "attribute",
    new Map(entries),
  ];
  const cases: [string, Uint8Array, AttributedEvent[]][] = [
    ["an empty attribute before a reply", resp("|0\r\n+a\r\n"), [attr([]), reply("a")]],
    ["an empty attribute between pipelined replies", resp(":1\r\n|0\r\n:2\r\n:3\r\n"), [
      reply(1),
      attr([]),
      reply(2),
      reply(3),
    ]],
    ["an empty attribute inside an array", resp("*2\r\n|0\r\n:1\r\n:2\r\n"), [
      attr([]),
      reply([1, 2]),
    ]],
    ["an empty attribute as the last thing inside an array", resp("*1\r\n:1\r\n|0\r\n+b\r\n"), [
      reply([1]),
      attr([]),
      reply("b"),
    ]],
    ["an empty attribute inside a map", resp("%1\r\n|0\r\n+k\r\n|0\r\n+v\r\n"), [
      attr([]),
      attr([]),
      reply(new Map<RespValue, RespValue>([["k", "v"]])),
    ]],
    ["an attribute before a reply", resp("|1\r\n+ttl\r\n:3600\r\n+v\r\n"), [
      attr([["ttl", 3600]]),
      reply("v"),
    ]],
    ["an attribute inside a set", resp("~2\r\n+a\r\n|1\r\n+k\r\n*0\r\n+b\r\n"), [
      attr([["k", []]]),
      reply(["a", "b"]),
    ]],
    ["an attribute inside an attribute", resp("|1\r\n|0\r\n+k\r\n+v\r\n:1\r\n"), [
      attr([]),
      attr([["k", "v"]]),
      reply(1),
    ]],
    ["an attribute before a push", resp("|1\r\n+k\r\n+v\r\n>1\r\n+m\r\n"), [
      attr([["k", "v"]]),
      push(["m"]),
    ]],
    ["an empty top-level push", resp(">0\r\n:1\r\n"), [push([]), reply(1)]],
    ["an empty push nested in an array", resp("*2\r\n>0\r\n:1\r\n"), [reply([[], 1])]],
    ["a push nested in an array", resp("*2\r\n>1\r\n+x\r\n:1\r\n"), [reply([["x"], 1])]],
    ["an empty push after an empty attribute", resp("|0\r\n>0\r\n"), [attr([]), push([])]],
  ];
  for (const [name, bytes, expected] of cases) {
    it(`${name}, however it is split`, () => {
      for (const chunks of everySplit(bytes)) {
        const label = chunks.map((c) => c.length).join("+");
        assert.deepEqual(
          plainEvents(decodeWithAttributes(chunks) as Event[]),
          plainEvents(expected as Event[]),
          label,
        );
        // Without an onAttribute handler the attributes are dropped silently.
        const withoutAttributes = expected.filter(([kind]) => kind !== "attribute") as Event[];
        assertDecodes(chunks, withoutAttributes, {}, label);
      }
    });
  }

  it("attributes follow returnBytes at top level and their reply's mode when nested", () => {
    const events = decodeWithAttributes(
      [resp(
        "|1\r\n$1\r\nk\r\n$1\r\nv\r\n>2\r\n|1\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nm\r\n$1\r\nx\r\n",
      )],
      { returnBytes: true },
    );
    assert.deepEqual(
      plainEvents(events as Event[]),
      plainEvents([
        attr([[bytesOf("k"), bytesOf("v")]]),
        attr([["a", "b"]]),
        push(["m", "x"]),
      ] as Event[]),
    );
  });
});

describe("RespDecoder signed integers (regression: ':+5' was refused, ':-0' gave -0)", () => {
  const good: [string, RespValue][] = [
    [":+5\r\n", 5],
    [":+0\r\n", 0],
    [":-0\r\n", 0],
    [":+9007199254740991\r\n", 9007199254740991],
    [":+9007199254740993\r\n", 9007199254740993n],
    [":-9007199254740993\r\n", -9007199254740993n],
    [":+9999999999999999999\r\n", 9999999999999999999n],
    ["(+5\r\n", 5n],
    ["(-0\r\n", 0n],
  ];
  for (const [text, value] of good) {
    it(`decodes ${JSON.stringify(text)}`, () => {
      const events = decodeChunks([bytesOf(text)]);
      assert.deepEqual(plainEvents(events), plainEvents([reply(value)]));
      assert.ok(Object.is(events[0][1], value), `got ${String(events[0][1])}`);
    });
  }
  for (const text of [":+\r\n", ":-\r\n", ":\r\n", ":+-1\r\n", ":-+1\r\n", ":++1\r\n", "(+\r\n"]) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assertProtocolError([bytesOf(text)]);
      assertProtocolError(oneByteChunks(bytesOf(text)));
    });
  }
});

describe("RespDecoder maxLineLength with every chunking (regression: a CR at a chunk end counted)", () => {
  const max = 8;
  // Lines of exactly `max` bytes (type byte + content, CRLF not counted)...
  const exact: [Uint8Array, RespValue][] = [
    [resp("+abcdefg\r\n"), "abcdefg"],
    [resp(":1234567\r\n"), 1234567],
    [resp("-ERR abc\r\n"), new ResponseError("ERR abc")],
    [resp("$0000003\r\nabc\r\n"), "abc"],
    [resp("*0000001\r\n:1\r\n"), [1]],
  ];
  // ...and of `max + 1` bytes.
  const over = [
    resp("+abcdefgh\r\n"),
    resp(":12345678\r\n"),
    resp("$00000003\r\nabc\r\n"),
    resp("+abcdefg\rx\r\n"),
  ];
  for (const prefix of ["", "+OK\r\n"]) {
    for (const [line, value] of exact) {
      const bytes = concat([bytesOf(prefix), line]);
      const expected = prefix === "" ? [reply(value)] : [reply("OK"), reply(value)];
      it(`accepts ${JSON.stringify(new TextDecoder().decode(bytes))} with any split`, () => {
        for (const chunks of everySplit(bytes)) {
          const label = chunks.map((c) => c.length).join("+");
          const { decoder, events } = recorder({}, { maxLineLength: max });
          for (const chunk of chunks) decoder.feed(chunk);
          assert.deepEqual(plainEvents(events), plainEvents(expected), label);
        }
      });
    }
    for (const line of over) {
      const bytes = concat([bytesOf(prefix), line]);
      it(`refuses ${JSON.stringify(new TextDecoder().decode(bytes))} with any split`, () => {
        for (const chunks of everySplit(bytes)) {
          const label = chunks.map((c) => c.length).join("+");
          const { decoder } = recorder({}, { maxLineLength: max });
          assert.throws(
            () => {
              for (const chunk of chunks) decoder.feed(chunk);
            },
            ProtocolError,
            label,
          );
        }
      });
    }
  }

  it("refuses an unterminated line once it is longer than maxLineLength, CR or not", () => {
    for (const tail of ["", "\r"]) {
      const { decoder } = recorder({}, { maxLineLength: max });
      decoder.feed(bytesOf("+abcdefg" + tail)); // 8 bytes so far: may still end here
      assert.throws(() => decoder.feed(bytesOf("h")), ProtocolError, JSON.stringify(tail));
    }
  });
});

/** Heap plus external memory after a collection when one can be asked for. */
function retainedMemory(): number {
  // deno-lint-ignore no-explicit-any
  const runtime = globalThis as any;
  runtime.gc?.();
  runtime.Bun?.gc(true);
  const usage = process.memoryUsage();
  return usage.heapUsed + (usage.external ?? 0);
}

describe("RespDecoder memory with tiny reads (regression: one sliced chunk kept per read)", () => {
  for (const size of [2 * MiB, 256 * 1024]) {
    for (const returnBytes of [true, false]) {
      it(`holds a ${size / 1024} KiB bulk fed in 1-byte reads in little more than its bytes (returnBytes ${returnBytes})`, () => {
        const { decoder, events } = recorder({ returnBytes });
        decoder.feed(bytesOf(`$${size}\r\n`));
        // One reused 1-byte chunk: the loop itself allocates nothing.
        const one = new Uint8Array(1);
        const before = retainedMemory();
        let fed = 0;
        for (const checkpoint of [size / 16, size / 8 - 64, size / 2, size - 1]) {
          for (; fed < checkpoint; fed++) {
            one[0] = fed & 0xff;
            decoder.feed(one);
          }
          const growth = retainedMemory() - before;
          assert.ok(
            growth < 4 * fed + MiB,
            `${growth} bytes held after ${fed} bytes of the body in 1-byte reads`,
          );
          assert.ok(growth < 8 * size, `${growth} bytes held for a ${size}-byte body`);
          assert.equal(decoder.bulkRemaining, size + 2 - fed);
        }
        for (; fed < size; fed++) {
          one[0] = fed & 0xff;
          decoder.feed(one);
        }
        decoder.feed(bytesOf("\r\n"));
        assert.equal(events.length, 1);
        const value = events[0][1];
        if (returnBytes) {
          assert.ok(value instanceof Uint8Array);
          assert.equal(value.length, size);
          assert.equal(value.findIndex((byte, i) => byte !== (i & 0xff)), -1);
        } else {
          assert.equal(typeof value, "string");
          assert.equal((value as string).length, size);
        }
      });
    }
  }

  it("allocates nothing for a huge announced bulk string until its body arrives", () => {
    const { decoder } = recorder({ returnBytes: true });
    const { largest } = allocationsDuring(() => decoder.feed(resp("$536870000\r\n")));
    assert.ok(largest < 1024, `allocated ${largest} bytes before any body byte`);
    const { largest: first } = allocationsDuring(() => decoder.feed(resp("abc")));
    assert.ok(first <= 64 * 1024, `allocated ${first} bytes for the first 3 body bytes`);
  });

  it("decodes a 3 MiB bulk in uneven chunks byte-exact in both modes", () => {
    const size = 3 * MiB + 17;
    const payload = new Uint8Array(size);
    for (let i = 0; i < size; i++) payload[i] = (i * 131 + 3) & 0xff;
    const bytes = concat([bytesOf(`*2\r\n$${size}\r\n`), payload, bytesOf("\r\n:7\r\n")]);
    const chunks: Uint8Array[] = [];
    for (let at = 0, step = 1; at < bytes.length; at += step, step = (step * 7 + 5) % 200_003) {
      chunks.push(bytes.slice(at, at + step));
    }
    const [[, asBytes]] = decodeChunks(chunks, { returnBytes: true }) as [Kind, RespValue[]][];
    assert.equal((asBytes[0] as Uint8Array).findIndex((byte, i) => byte !== payload[i]), -1);
    assert.equal((asBytes[0] as Uint8Array).length, size);
    assert.equal(asBytes[1], 7);
    const latin = payload.map((byte) => byte & 0x7f);
    const ascii = concat([bytesOf(`$${size}\r\n`), latin, bytesOf("\r\n")]);
    const [[, asText]] = decodeChunks(chunksOf(ascii, 65_537));
    assert.equal(asText, new TextDecoder().decode(latin));
  });
});

describe("RespDecoder large text bodies split anywhere (seeded)", () => {
  const seed = envInteger("KEEL_FUZZ_SEED") ?? 0x73747265;
  const oneShot = new TextDecoder("utf-8", { ignoreBOM: true });
  /** Text that hurts a streaming decoder: characters of 1–4 bytes, BOMs, broken sequences. */
  const pieces = [
    [0x61],
    [0xc3, 0xa9],
    [0xe2, 0x82, 0xac],
    [0xf0, 0x9f, 0x98, 0x80],
    [0xef, 0xbb, 0xbf],
    [0xe2, 0x82],
    [0xf0, 0x9f, 0x98],
    [0x80],
    [0xff],
    [0x0d, 0x0a],
    [0x00],
  ];
  function body(r: Random): Uint8Array {
    const size = r.range(64 * 1024, 200 * 1024);
    const out = new Uint8Array(size);
    let at = 0;
    // Runs of one piece, so that some chunk ends land inside a character.
    while (at < size) {
      const piece = r.pick(pieces);
      for (let run = r.range(1, 300); run > 0 && at < size; run--) {
        for (const byte of piece) if (at < size) out[at++] = byte;
      }
    }
    return out;
  }
  /** Chunks as a socket may give them, or long runs of 1–3 byte reads. */
  function split(r: Random, bytes: Uint8Array): Uint8Array[] {
    if (r.chance(0.7)) return chunkRandomly(r, bytes);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length;) {
      const step = r.chance(0.5) ? r.range(1, 3) : r.range(1, 40_000);
      chunks.push(bytes.slice(at, at + step));
      at += step;
    }
    return chunks;
  }

  it(`equal one-shot decoding, alone, nested and followed by more (120 cases, seed ${seed})`, () => {
    for (let index = 0; index < 120; index++) {
      const r = new Random(seed + index);
      const first = body(r);
      const second = body(r);
      const frame = concat([
        bytesOf(`*3\r\n$${first.length}\r\n`),
        first,
        bytesOf(`\r\n:1\r\n$${second.length}\r\n`),
        second,
        bytesOf("\r\n+OK\r\n"),
      ]);
      const events = decodeChunks(split(r, frame));
      assert.deepEqual(
        events,
        [["reply", [oneShot.decode(first), 1, oneShot.decode(second)]], ["reply", "OK"]],
        `case ${index}`,
      );
    }
  });

  it("refuses a bad CRLF after a large body, wherever the chunk ends", () => {
    const text = bytesOf("é".repeat(40_000));
    for (const cut of [1, 2, text.length - 1, text.length, text.length + 1]) {
      const bytes = concat([bytesOf(`$${text.length}\r\n`), text, bytesOf("\rX")]);
      assertProtocolError([bytes.slice(0, cut + 9), bytes.slice(cut + 9)]);
    }
  });

  it("does not carry half a character from an abandoned body into the next", () => {
    const { decoder, events } = recorder();
    const size = 100_000;
    // The body stops after the first byte of a 3-byte character; the connection is reset.
    decoder.feed(
      concat([
        bytesOf(`$${size}\r\n`),
        new Uint8Array(70_000).fill(0x61),
        bytesOf("\u20ac").slice(0, 1),
      ]),
    );
    decoder.reset();
    const next = concat([new Uint8Array([0x82, 0xac]), new Uint8Array(size - 2).fill(0x62)]);
    decoder.feed(concat([bytesOf(`$${size}\r\n`), next.slice(0, 50_000)]));
    decoder.feed(concat([next.slice(50_000), bytesOf("\r\n")]));
    assert.deepEqual(events, [["reply", oneShot.decode(next)]]);
  });
});

describe("RespDecoder doubles are decimal (regression: ',0x10' gave 16; found by the fuzzer's reference)", () => {
  for (const text of ["0x10", "0b11", "0o7", "Infinity", "-Infinity", "+Infinity", "1_0", " 1"]) {
    it(`refuses ,${text}`, () => {
      assertProtocolError([bytesOf(`,${text}\r\n`)]);
      assert.throws(() => parseDouble(text), ProtocolError);
    });
  }
  const good: [string, number][] = [
    [".5", 0.5],
    ["5.", 5],
    ["+1.5", 1.5],
    ["1E+3", 1000],
    ["-0", -0],
    ["-1.5e-3", -0.0015],
    ["1e400", Infinity],
  ];
  for (const [text, value] of good) {
    it(`decodes ,${text}`, () => {
      const [[, got]] = decodeChunks([bytesOf(`,${text}\r\n`)]);
      assert.ok(Object.is(got, value), `got ${String(got)}`);
      assert.ok(Object.is(parseDouble(text), value));
    });
  }
});
