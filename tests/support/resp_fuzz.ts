/**
 * A seeded RESP fuzzer for {@link RespDecoder}: a PRNG, a generator of valid
 * RESP2 and RESP3 frames that knows what each decodes to, a small reference
 * decoder (recursive, whole buffer, written for clarity) as a second oracle,
 * chunkers, mutators, and the checks that `tests/resp_fuzz.test.ts` and
 * `bench/resp_fuzz.ts` run on each case.
 *
 * Every case draws from its own PRNG, seeded from the run's seed, the kind of
 * case and its index, so that one failing case replays alone.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import process from "node:process";
import { ProtocolError, ResponseError } from "../../lib/errors/errors.ts";
import { responseErrorFor } from "../../lib/errors/response_error_for.ts";
import { type DecoderOptions, RespDecoder } from "../../lib/resp/decoder.ts";
import type { RespValue } from "../../lib/resp/types.ts";

// ---------------------------------------------------------------------------
// Seeded randomness

/** A small seeded PRNG (mulberry32) with the helpers the fuzzer draws from. */
export class Random {
  #state: number;

  /** @param seed Any 32-bit integer; the same seed gives the same sequence. */
  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in `[0, limit)`. */
  int(limit: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * limit);
  }

  /** A uniform integer in `[low, high]`. */
  range(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Mostly small, sometimes large: `[0, limit)` biased towards 0. */
  small(limit: number): number {
    return Math.min(limit - 1, Math.floor((limit + 1) ** (this.next() / 0x1_0000_0000)) - 1);
  }

  /** `length` uniform random bytes. */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.next() & 0xff;
    return out;
  }
}

/** A 32-bit seed for case `index` of the case kind `kind`, mixed from the run's seed. */
export function caseSeed(seed: number, kind: number, index: number): number {
  let h = (seed ^ Math.imul(kind + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

// ---------------------------------------------------------------------------
// Events and modes

/** What a decoder delivered, in order: a reply, a top-level push or an attribute. */
export type FuzzEvent =
  | ["reply", RespValue]
  | ["push", RespValue[]]
  | ["attribute", Map<RespValue, RespValue>];

/** The decoder's bytes settings for a case. */
export interface FuzzMode {
  /** {@link RespDecoder.returnBytes}. */
  returnBytes: boolean;
  /** {@link RespDecoder.pushBytes}. */
  pushBytes: boolean;
}

/** Byte-exact UTF-8 decoding, as keel's decoder does it (U+FEFF kept, bad bytes → U+FFFD). */
export const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/** Join byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Generator of valid frames

/** Marks an attribute in a list of values: it is not a value of its aggregate. */
const ATTRIBUTE: unique symbol = Symbol("attribute");

/** A generated RESP element: how it is written and what it decodes to. */
interface Node {
  /** The type byte. */
  type: number;
  /** Append the element's bytes. */
  write(out: Uint8Array[]): void;
  /**
   * The value decoded with strings as bytes or text; an attribute adds its
   * event to `events` (after those of attributes nested in it) and gives
   * {@link ATTRIBUTE}.
   */
  value(bytes: boolean, events: FuzzEvent[]): RespValue | typeof ATTRIBUTE;
}

/** What {@link generateFrame} makes. */
export interface GeneratorOptions {
  /** 2: only RESP2 types (`+ - : $ *`, `$-1`, `*-1`); 3: every type. */
  protocol: 2 | 3;
  /** Deepest nesting of aggregates (attributes count). */
  maxDepth: number;
  /** Most elements in one aggregate. */
  maxItems: number;
  /** Chance that a bulk string is large (60 KiB to 1.2 MB). */
  largeBulkChance: number;
  /**
   * Most large bulk strings in one frame or stream: decoding megabytes of
   * invalid UTF-8 to text takes tens of milliseconds per megabyte.
   */
  maxLargeBulks: number;
  /** Chance of an attribute before an element. */
  attributeChance: number;
}

/** Defaults of {@link GeneratorOptions}. */
export const defaultGeneratorOptions: GeneratorOptions = {
  protocol: 3,
  maxDepth: 5,
  maxItems: 6,
  largeBulkChance: 0,
  maxLargeBulks: 1,
  attributeChance: 0.08,
};

/** The options of one frame or stream being generated, and what is left of its budget. */
interface Context extends GeneratorOptions {
  largeBulksLeft: number;
}

/** One generated top-level frame: its bytes and what a decoder delivers for it. */
export interface GeneratedFrame {
  /** The frame on the wire. */
  bytes: Uint8Array;
  /** The events the frame decodes to in `mode`, in order. */
  expected(mode: FuzzMode): FuzzEvent[];
}

const SAMPLE_TEXT = [
  "OK",
  "hello",
  "a b c",
  "héllo",
  "✓",
  "🎉",
  "日本語",
  "\uFEFF",
  "\uFEFFbom",
  "x".repeat(20),
  "-1",
  "0",
  "inf",
  ":",
  "$5",
  "*2",
  "\t",
  "\0",
  "\u007f",
  "\u0080",
  "\uFFFD",
  "ü".repeat(9),
];
const ERROR_CODES = [
  "ERR",
  "WRONGTYPE",
  "NOSCRIPT",
  "READONLY",
  "LOADING",
  "EXECABORT",
  "OOM",
  "NOAUTH",
  "WRONGPASS",
  "NOPERM",
  "MOVED",
  "ASK",
  "TRYAGAIN",
  "CLUSTERDOWN",
  "CROSSSLOT",
  "MASTERDOWN",
  "BUSY",
  "SYNTAX",
  "\uFEFFERR",
  "",
];
const INVALID_UTF8 = [
  [0x80],
  [0xbf, 0x80],
  [0xc0, 0xaf],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf0, 0x9f, 0x8e],
  [0xf5, 0x80, 0x80, 0x80],
  [0xff],
  [0xfe, 0xff],
  [0xef, 0xbb],
];

/** Text of 0 to ~40 characters, none of them CR or LF unless `crlf`. */
function randomText(r: Random, crlf: boolean): string {
  let text = r.chance(0.1) ? "\uFEFF" : "";
  const parts = r.small(8);
  for (let i = 0; i < parts; i++) {
    const kind = r.int(6);
    if (kind === 0) text += r.pick(SAMPLE_TEXT);
    else if (kind === 1 && crlf) text += r.pick(["\r\n", "\r", "\n", "\n\r"]);
    else if (kind === 2) {
      const code = r.range(0x80, r.chance(0.5) ? 0x7ff : 0x10ffff);
      text += String.fromCodePoint(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code);
    } else {
      let word = "";
      const length = r.small(12);
      for (let j = 0; j < length; j++) word += String.fromCharCode(r.range(0x20, 0x7e));
      text += word;
    }
  }
  if (!crlf) text = text.replace(/[\r\n]/g, "");
  return text;
}

/** Line content without CR or LF: text, or random bytes (maybe invalid UTF-8). */
function randomLineBytes(r: Random): Uint8Array {
  if (r.chance(0.85)) return encoder.encode(randomText(r, false));
  const out = r.bytes(r.small(20));
  for (let i = 0; i < out.length; i++) if (out[i] === 13 || out[i] === 10) out[i] = 0x5f;
  return out;
}

/** A bulk body: empty, text, binary, CRLF inside, U+FEFF first, invalid UTF-8, or large. */
function randomBody(r: Random, options: Context): Uint8Array {
  if (options.largeBulksLeft > 0 && r.chance(options.largeBulkChance)) {
    options.largeBulksLeft--;
    const size = r.range(60 * 1024, 1200 * 1024);
    const out = new Uint8Array(size);
    const fill = r.int(3);
    let x = r.next();
    for (let i = 0; i < size; i++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      out[i] = fill === 0 ? 0x61 + (i % 26) : fill === 1 ? (x >>> 16) & 0xff : (x >>> 16) & 0x7f;
    }
    if (r.chance(0.3)) out.set([0xef, 0xbb, 0xbf]);
    return out;
  }
  switch (r.int(8)) {
    case 0:
      return new Uint8Array(0);
    case 1:
      return r.bytes(r.small(64));
    case 2: {
      const parts: Uint8Array[] = [];
      const count = r.range(1, 6);
      for (let i = 0; i < count; i++) {
        parts.push(
          r.chance(0.5)
            ? new Uint8Array(r.pick(INVALID_UTF8))
            : encoder.encode(randomText(r, true)),
        );
      }
      return concatBytes(parts);
    }
    case 3:
      return concatBytes([new Uint8Array([0xef, 0xbb, 0xbf]), encoder.encode(randomText(r, true))]);
    case 4:
      return encoder.encode(r.pick(["\r\n", "\r\n\r\n", "a\r\nb", "$3\r\nabc\r\n", "\r", "\n"]));
    default:
      return encoder.encode(randomText(r, true));
  }
}

const DOUBLE_SPECIALS: [string, number][] = [
  ["inf", Infinity],
  ["-inf", -Infinity],
  ["+inf", Infinity],
  ["nan", NaN],
  ["-nan", NaN],
  ["0", 0],
  ["-0", -0],
  ["1e308", 1e308],
  ["1e309", Infinity],
  ["-1e400", -Infinity],
  ["4.9e-324", 5e-324],
  ["1e-400", 0],
  ["3.141592653589793", Math.PI],
  ["1.7976931348623157e308", Number.MAX_VALUE],
];

/** The text of a double as Redis or another server may write it. */
function randomDouble(r: Random): string {
  if (r.chance(0.3)) return r.pick(DOUBLE_SPECIALS)[0];
  const sign = r.pick(["", "", "-", "+"]);
  const digits = (count: number) => {
    let text = "";
    for (let i = 0; i < count; i++) text += String(r.int(10));
    return text;
  };
  let text = sign + digits(r.range(1, 17));
  if (r.chance(0.6)) text += "." + digits(r.range(1, 17));
  if (r.chance(0.3)) text += r.pick(["e", "E"]) + r.pick(["", "+", "-"]) + digits(r.range(1, 3));
  return text;
}

/** The integer text: a sign maybe, 1 to 19 digits, around 2^53 often. */
function randomInteger(r: Random): string {
  const sign = r.pick(["", "", "", "-", "+"]);
  switch (r.int(5)) {
    case 0:
      return sign +
        r.pick([
          "0",
          "9007199254740991",
          "9007199254740992",
          "9007199254740993",
          "9999999999999999999",
          "9223372036854775807",
          "0000000000000000001",
          "18446744073709551615".slice(0, 19),
        ]);
    case 1: {
      let text = String(r.range(1, 9));
      const length = r.range(15, 19);
      while (text.length < length) text += String(r.int(10));
      return sign + text;
    }
    default:
      return sign + String(r.int(r.pick([10, 1000, 2 ** 31, 2 ** 32])));
  }
}

/** The value keel gives an integer's text: a number within ±(2^53 - 1), a bigint beyond, no -0. */
export function integerValue(text: string): number | bigint {
  const big = BigInt(text);
  const safe = BigInt(Number.MAX_SAFE_INTEGER);
  return big > safe || big < -safe ? big : Number(big);
}

/** The value keel gives a double's text, or undefined when it is not a double. */
export function doubleValue(text: string): number | undefined {
  switch (text) {
    case "inf":
    case "+inf":
      return Infinity;
    case "-inf":
      return -Infinity;
    case "nan":
    case "-nan":
      return NaN;
  }
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

function header(type: string, length: number): Uint8Array {
  return encoder.encode(`${type}${length}\r\n`);
}
const CRLF = new Uint8Array([13, 10]);

function lineNode(type: string, content: Uint8Array, value: () => RespValue): Node {
  const head = new Uint8Array([type.charCodeAt(0)]);
  return {
    type: head[0],
    write: (out) => out.push(head, content, CRLF),
    value: () => value(),
  };
}

function bulkNode(type: string, body: Uint8Array, value: (bytes: boolean) => RespValue): Node {
  return {
    type: type.charCodeAt(0),
    write: (out) => out.push(header(type, body.length), body, CRLF),
    value: (bytes) => value(bytes),
  };
}

/**
 * An aggregate of `children`: attributes among them do not count, and an
 * attribute itself delivers an event rather than a value.
 */
function aggregateNode(type: string, children: Node[]): Node {
  const code = type.charCodeAt(0);
  const counted = children.filter((child) => child.type !== 0x7c).length;
  const count = code === 0x25 || code === 0x7c ? counted / 2 : counted;
  return {
    type: code,
    write(out) {
      out.push(header(type, count));
      for (const child of children) child.write(out);
    },
    value(bytes, events) {
      const values: RespValue[] = [];
      for (const child of children) {
        const value = child.value(bytes, events);
        if (value !== ATTRIBUTE) values.push(value);
      }
      if (code === 0x25 || code === 0x7c) {
        const map = new Map<RespValue, RespValue>();
        for (let i = 0; i < values.length; i += 2) map.set(values[i], values[i + 1]);
        if (code === 0x7c) {
          events.push(["attribute", map]);
          return ATTRIBUTE;
        }
        return map;
      }
      return values;
    },
  };
}

function scalarNode(r: Random, options: Context): Node {
  const resp3 = options.protocol === 3;
  const kind = r.int(resp3 ? 14 : 6);
  switch (kind) {
    case 0: {
      const content = randomLineBytes(r);
      return lineNode("+", content, () => utf8.decode(content));
    }
    case 1: {
      const code = r.pick(ERROR_CODES);
      const rest = randomText(r, false);
      const content = encoder.encode(
        code === "MOVED" || code === "ASK"
          ? `${code} ${r.int(16384)} 127.0.0.${r.int(255)}:${r.range(1, 65535)}`
          : code === ""
          ? rest
          : `${code} ${rest}`,
      );
      return lineNode("-", content, () => responseErrorFor(utf8.decode(content)));
    }
    case 2: {
      const text = randomInteger(r);
      return lineNode(":", encoder.encode(text), () => integerValue(text));
    }
    case 3:
    case 4: {
      const body = randomBody(r, options);
      return bulkNode("$", body, (bytes) => bytes ? body.slice() : utf8.decode(body));
    }
    case 5:
      return r.chance(0.5)
        ? lineNode("$", encoder.encode("-1"), () => null)
        : lineNode("*", encoder.encode("-1"), () => null);
    case 6:
      return lineNode("_", new Uint8Array(0), () => null);
    case 7: {
      const value = r.chance(0.5);
      return lineNode("#", encoder.encode(value ? "t" : "f"), () => value);
    }
    case 8: {
      const text = randomDouble(r);
      return lineNode(",", encoder.encode(text), () => doubleValue(text)!);
    }
    case 9: {
      let text = r.pick(["", "-", "+"]) + String(r.range(0, 9));
      const length = r.small(60);
      for (let i = 0; i < length; i++) text += String(r.int(10));
      return lineNode("(", encoder.encode(text), () => BigInt(text));
    }
    case 10:
    case 11: {
      const format = r.chance(0.8) ? encoder.encode(r.pick(["txt", "mkd"])) : r.bytes(3);
      const body = randomBody(r, options);
      const whole = concatBytes([format, encoder.encode(":"), body]);
      return bulkNode("=", whole, (bytes) => bytes ? body.slice() : utf8.decode(body));
    }
    default: {
      const body = r.chance(0.5)
        ? encoder.encode(`${r.pick(ERROR_CODES)} ${randomText(r, true)}`)
        : randomBody(r, options);
      return bulkNode("!", body, () => responseErrorFor(utf8.decode(body)));
    }
  }
}

/** Maybe append an attribute (at nesting `depth`) to `out`, to precede the next element. */
function withAttribute(r: Random, options: Context, depth: number, out: Node[]): void {
  if (options.protocol === 3 && depth < options.maxDepth && r.chance(options.attributeChance)) {
    out.push(attributeNode(r, options, depth));
  }
}

function attributeNode(r: Random, options: Context, depth: number): Node {
  const children: Node[] = [];
  const entries = r.small(4);
  for (let i = 0; i < 2 * entries; i++) {
    withAttribute(r, options, depth + 1, children);
    children.push(valueNode(r, options, depth + 1));
  }
  return aggregateNode("|", children);
}

/** Any element (attributes aside) at nesting `depth`. */
function valueNode(r: Random, options: Context, depth: number): Node {
  if (depth >= options.maxDepth || r.chance(0.6)) return scalarNode(r, options);
  const type = options.protocol === 2 ? "*" : r.pick(["*", "*", "~", "%", "%", ">"]);
  const count = r.small(options.maxItems + 1);
  const children: Node[] = [];
  for (let i = 0; i < (type === "%" ? 2 * count : count); i++) {
    withAttribute(r, options, depth + 1, children);
    children.push(valueNode(r, options, depth + 1));
  }
  return aggregateNode(type, children);
}

/**
 * A valid top-level frame: a reply, a push (`>`, empty too) or an attribute,
 * maybe with attributes nested in it.
 */
export function generateFrame(
  r: Random,
  options: GeneratorOptions = defaultGeneratorOptions,
): GeneratedFrame {
  return frameIn(r, { ...options, largeBulksLeft: options.maxLargeBulks });
}

function frameIn(r: Random, options: Context): GeneratedFrame {
  let node: Node;
  const roll = options.protocol === 3 ? r.int(20) : 19;
  if (roll === 0) node = attributeNode(r, options, 0);
  else if (roll <= 2) {
    const children: Node[] = [];
    const count = r.small(options.maxItems + 1);
    for (let i = 0; i < count; i++) {
      withAttribute(r, options, 1, children);
      children.push(valueNode(r, options, 1));
    }
    node = aggregateNode(">", children);
  } else node = valueNode(r, options, 0);
  const parts: Uint8Array[] = [];
  node.write(parts);
  return {
    bytes: concatBytes(parts),
    expected(mode) {
      const events: FuzzEvent[] = [];
      const push = node.type === 0x3e;
      const value = node.value(push ? mode.pushBytes : mode.returnBytes, events);
      if (push) events.push(["push", value as RespValue[]]);
      else if (value !== ATTRIBUTE) events.push(["reply", value]);
      return events;
    },
  };
}

/** Several frames back to back, as a pipeline delivers them. */
export function generateStream(
  r: Random,
  frames: number,
  options: GeneratorOptions = defaultGeneratorOptions,
): GeneratedFrame {
  const all: GeneratedFrame[] = [];
  const context = { ...options, largeBulksLeft: options.maxLargeBulks };
  for (let i = 0; i < frames; i++) all.push(frameIn(r, context));
  return {
    bytes: concatBytes(all.map((frame) => frame.bytes)),
    expected: (mode) => all.flatMap((frame) => frame.expected(mode)),
  };
}

// ---------------------------------------------------------------------------
// Reference decoder

/** How the reference decoder's run ended. */
export type ReferenceOutcome = "complete" | "incomplete" | "error";

/** What the reference decoder made of a whole input. */
export interface ReferenceResult {
  /** Everything delivered before the input ended or turned invalid. */
  events: FuzzEvent[];
  /** `complete`: every byte used; `incomplete`: the input stops inside a frame. */
  outcome: ReferenceOutcome;
}

class Incomplete {}
class Invalid {
  constructor(readonly reason: string) {}
}

/**
 * Decode a whole input the plain way: recursive descent, one frame after
 * the other, with the same limits and the same value mapping as
 * {@link RespDecoder}. Written for clarity, not speed, as a second oracle.
 */
export function referenceDecode(
  input: Uint8Array,
  mode: FuzzMode,
  options: DecoderOptions = {},
): ReferenceResult {
  const maxDepth = options.maxDepth ?? 64;
  const maxBulkLength = options.maxBulkLength ?? 512 * 1024 * 1024;
  const maxLineLength = options.maxLineLength ?? 64 * 1024;
  const events: FuzzEvent[] = [];
  let pos = 0;
  let bytes = false;

  /** The line that starts at `pos` (its type byte included), CRLF excluded; moves past it. */
  function readLine(): Uint8Array {
    const start = pos;
    let end = -1;
    for (let i = start + 1; i + 1 < input.length; i++) {
      if (input[i] === 13 && input[i + 1] === 10) {
        end = i;
        break;
      }
    }
    if (end === -1) {
      // Not complete yet: may it still be short enough? A final CR may be the line's own.
      let held = input.length - start;
      if (held > 1 && input[input.length - 1] === 13) held--;
      if (held > maxLineLength) throw new Invalid("line too long");
      throw new Incomplete();
    }
    if (end - start > maxLineLength) throw new Invalid("line too long");
    pos = end + 2;
    return input.subarray(start + 1, end);
  }

  function readLength(text: string): number {
    if (text === "-1") return -1;
    if (!/^\d{1,15}$/.test(text)) throw new Invalid(`bad length ${text}`);
    return Number(text);
  }

  /** The next element at `depth` open aggregates, attributes included (they give {@link ATTRIBUTE}). */
  function readElement(depth: number): RespValue | typeof ATTRIBUTE {
    const type = String.fromCharCode(input[pos]);
    const text = utf8.decode(readLine());
    switch (type) {
      case "+":
        return text;
      case "-":
        return responseErrorFor(text);
      case ":":
        if (!/^[+-]?\d{1,19}$/.test(text)) throw new Invalid("bad integer");
        return integerValue(text);
      case "_":
        if (text !== "") throw new Invalid("bad null");
        return null;
      case "#":
        if (text !== "t" && text !== "f") throw new Invalid("bad boolean");
        return text === "t";
      case ",": {
        const value = doubleValue(text);
        if (value === undefined) throw new Invalid("bad double");
        return value;
      }
      case "(":
        if (!/^[+-]?\d+$/.test(text)) throw new Invalid("bad big number");
        return BigInt(text);
      case "$":
      case "=":
      case "!": {
        const length = readLength(text);
        if (length === -1) {
          if (type !== "$") throw new Invalid("null of a type that has none");
          return null;
        }
        if (length > maxBulkLength) throw new Invalid("bulk too long");
        if (input.length - pos < length + 2) throw new Incomplete();
        const body = input.subarray(pos, pos + length);
        if (input[pos + length] !== 13 || input[pos + length + 1] !== 10) {
          throw new Invalid("no CRLF after a bulk");
        }
        pos += length + 2;
        if (type === "!") return responseErrorFor(utf8.decode(body));
        let content = body;
        if (type === "=") {
          if (body.length < 4 || body[3] !== 0x3a) throw new Invalid("verbatim without a format");
          content = body.subarray(4);
        }
        return bytes ? content.slice() : utf8.decode(content);
      }
      case "*":
      case "~":
      case "%":
      case "|":
      case ">": {
        const count = readLength(text);
        if (count === -1) {
          if (type !== "*") throw new Invalid("null of a type that has none");
          return null;
        }
        const paired = type === "%" || type === "|";
        if (count > 0 && depth >= maxDepth) throw new Invalid("too deep");
        const items: RespValue[] = [];
        for (let i = 0; i < (paired ? 2 * count : count); i++) items.push(readValue(depth + 1));
        if (!paired) {
          if (type === ">" && depth === 0) {
            events.push(["push", items]);
            return ATTRIBUTE; // delivered, like an attribute: no reply
          }
          return items;
        }
        const map = new Map<RespValue, RespValue>();
        for (let i = 0; i < items.length; i += 2) map.set(items[i], items[i + 1]);
        if (type === "|") {
          events.push(["attribute", map]);
          return ATTRIBUTE;
        }
        return map;
      }
      default:
        throw new Invalid(`unknown type ${type}`);
    }
  }

  /** The next value inside an aggregate: attributes before it are delivered and skipped. */
  function readValue(depth: number): RespValue {
    for (;;) {
      const value = readElement(depth);
      if (value !== ATTRIBUTE) return value;
      if (pos >= input.length) throw new Incomplete();
    }
  }

  try {
    while (pos < input.length) {
      bytes = input[pos] === 0x3e ? mode.pushBytes : mode.returnBytes;
      const value = readElement(0);
      if (value !== ATTRIBUTE) events.push(["reply", value]);
    }
    return { events, outcome: "complete" };
  } catch (error) {
    if (error instanceof Incomplete) return { events, outcome: "incomplete" };
    if (error instanceof Invalid) return { events, outcome: "error" };
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Chunkers and mutators

/** Cut `bytes` into chunks: whole, 1-byte, random cuts, random sizes, or between CR and LF. */
export function chunkRandomly(r: Random, bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const strategy = r.int(6);
  if (strategy === 0 || bytes.length === 0) return [bytes];
  if (strategy === 1 && bytes.length <= 4096) {
    for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
    return chunks;
  }
  if (strategy === 2) {
    const cuts = new Set<number>();
    const count = r.range(1, 8);
    for (let i = 0; i < count; i++) cuts.add(r.int(bytes.length + 1));
    let at = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      chunks.push(bytes.subarray(at, cut));
      at = cut;
    }
    chunks.push(bytes.subarray(at));
    return chunks;
  }
  if (strategy === 3) {
    // Cut after many CRs: the CR ends one chunk and its LF starts the next.
    let at = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 13 && r.chance(0.7)) {
        chunks.push(bytes.subarray(at, i + 1));
        at = i + 1;
      }
    }
    chunks.push(bytes.subarray(at));
    return chunks;
  }
  const limit = strategy === 4 ? 17 : 70_000;
  for (let at = 0; at < bytes.length;) {
    const size = 1 + (bytes.length > 200_000 && strategy === 4 ? r.int(4096) : r.small(limit));
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** Bytes that RESP gives a meaning to, for mutations that stay near the grammar. */
const RESP_BYTES = Array.from(encoder.encode("\r\n\r\n+-:$*_#,(!=%~|>0123456789-1tf.e"));

/** Near misses of RESP's grammar, for a mutation to insert. */
const TOKENS = [
  "0x",
  "0b",
  "0o",
  "Infinity",
  "NaN",
  "inf",
  "nan",
  " ",
  "\t",
  "_",
  ".",
  "e",
  "E+",
  "+",
  "-",
  "-1",
  "-0",
  "\r",
  "\n",
  "\r\n",
  "\uFEFF",
  "t",
  "f",
  "99999999999999999999",
  "9007199254740993",
  "txt:",
  "|0\r\n",
  ">0\r\n",
  "*0\r\n",
  "%1\r\n",
].map((token) => encoder.encode(token));

/** A random byte, often one of RESP's own. */
function respByte(r: Random): number {
  return r.chance(0.6) ? r.pick(RESP_BYTES) : r.next() & 0xff;
}

/** Apply 1 to 4 mutations: flips, truncation, duplication, insertion, deletion, tokens. */
export function mutate(r: Random, bytes: Uint8Array): Uint8Array {
  let out: Uint8Array = bytes.slice();
  const count = r.range(1, 4);
  for (let m = 0; m < count; m++) {
    const at = r.int(out.length + 1);
    switch (r.int(7)) {
      case 6: { // insert a near miss of the grammar
        const token = r.pick(TOKENS);
        out = concatBytes([out.subarray(0, at), token, out.subarray(at)]);
        break;
      }
      case 0: // flip a bit
        if (out.length > 0) out[Math.min(at, out.length - 1)] ^= 1 << r.int(8);
        break;
      case 1: // overwrite a byte
        if (out.length > 0) out[Math.min(at, out.length - 1)] = respByte(r);
        break;
      case 2: // truncate
        out = out.slice(0, at);
        break;
      case 3: { // duplicate a slice
        const start = r.int(out.length + 1);
        const slice = out.slice(start, start + r.small(64));
        out = concatBytes([out.subarray(0, at), slice, out.subarray(at)]);
        break;
      }
      case 4: { // insert random bytes
        const inserted = new Uint8Array(r.range(1, 6));
        for (let i = 0; i < inserted.length; i++) inserted[i] = respByte(r);
        out = concatBytes([out.subarray(0, at), inserted, out.subarray(at)]);
        break;
      }
      default: // delete a range
        out = concatBytes([out.subarray(0, at), out.subarray(at + r.range(1, 8))]);
    }
  }
  return out;
}

/** Pure random input: uniform bytes, or bytes drawn from RESP's alphabet. */
export function randomInput(r: Random): Uint8Array {
  const length = r.small(200);
  if (r.chance(0.5)) return r.bytes(length);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = respByte(r);
  return out;
}

// ---------------------------------------------------------------------------
// Comparison

/** Where `actual` differs from `expected` (a path and both sides), or null when equal. */
export function difference(actual: unknown, expected: unknown, path = "$"): string | null {
  const show = (value: unknown) => {
    if (value instanceof Uint8Array) return `${value.constructor.name}[${Array.from(value)}]`;
    if (value instanceof Error) {
      return `${value.constructor.name}(${JSON.stringify(value.message)})`;
    }
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value === "string") return JSON.stringify(value);
    if (Object.is(value, -0)) return "-0";
    return Array.isArray(value)
      ? `array(${value.length})`
      : value instanceof Map
      ? `Map(${value.size})`
      : String(value);
  };
  const differ = () => `${path}: got ${show(actual)}, expected ${show(expected)}`;
  if (expected instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array) || actual.constructor !== Uint8Array) return differ();
    if (actual.length !== expected.length) return differ();
    for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) return differ();
    return null;
  }
  if (expected instanceof ResponseError) {
    if (!(actual instanceof ResponseError)) return differ();
    if (actual.constructor !== expected.constructor || actual.message !== expected.message) {
      return differ();
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return differ();
    for (let i = 0; i < expected.length; i++) {
      const found = difference(actual[i], expected[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (expected instanceof Map) {
    if (!(actual instanceof Map) || actual.size !== expected.size) return differ();
    const got = [...actual];
    let i = 0;
    for (const [key, value] of expected) {
      const found = difference(got[i][0], key, `${path}.key${i}`) ??
        difference(got[i][1], value, `${path}.value${i}`);
      if (found !== null) return found;
      i++;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : differ();
}

/** Where two event lists differ, or null. */
export function eventsDifference(actual: FuzzEvent[], expected: FuzzEvent[]): string | null {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (i >= actual.length) return `event ${i}: missing (expected a ${expected[i][0]})`;
    if (i >= expected.length) return `event ${i}: unexpected ${actual[i][0]}`;
    if (actual[i][0] !== expected[i][0]) {
      return `event ${i}: got a ${actual[i][0]}, expected a ${expected[i][0]}`;
    }
    const found = difference(actual[i][1], expected[i][1], `event ${i} (${expected[i][0]})`);
    if (found !== null) return found;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Running keel's decoder on a case

/** What keel's decoder did with a chunked input. */
export interface KeelRun {
  /** Everything delivered, in order. */
  events: FuzzEvent[];
  /** What a feed threw, if any (the remaining chunks are not fed). */
  error: unknown;
  /** The longest single `feed`, in milliseconds. */
  slowestFeed: number;
  /** Milliseconds spent inside `feed` in all. */
  decodeTime: number;
}

/** How chunks reach the decoder: as they are, through a reused buffer, or as `Buffer`s. */
export type FeedStyle = "views" | "reused" | "buffer";

/** Feed `chunks` to a new {@link RespDecoder}, recording events, time and what it threw. */
export function runKeel(
  chunks: readonly Uint8Array[],
  mode: FuzzMode,
  options: DecoderOptions = {},
  style: FeedStyle = "views",
): KeelRun {
  const events: FuzzEvent[] = [];
  const decoder = new RespDecoder({
    onReply: (value) => events.push(["reply", value]),
    onPush: (value) => events.push(["push", value]),
    onAttribute: (value) => events.push(["attribute", value]),
  }, options);
  decoder.returnBytes = mode.returnBytes;
  decoder.pushBytes = mode.pushBytes;
  let slowestFeed = 0;
  let decodeTime = 0;
  let error: unknown = undefined;
  let scratch = new Uint8Array(0);
  for (const chunk of chunks) {
    let fed: Uint8Array = chunk;
    if (style === "reused") {
      if (scratch.length < chunk.length) scratch = new Uint8Array(chunk.length * 2);
      scratch.set(chunk);
      fed = scratch.subarray(0, chunk.length);
    } else if (style === "buffer") {
      fed = Buffer.from(chunk);
    }
    const started = performance.now();
    try {
      decoder.feed(fed);
    } catch (thrown) {
      error = thrown;
    }
    const took = performance.now() - started;
    decodeTime += took;
    if (took > slowestFeed) slowestFeed = took;
    // The caller may reuse its buffer: whatever was delivered must not change.
    if (style === "reused") scratch.fill(0x58);
    if (error !== undefined) break;
  }
  return { events, error, slowestFeed, decodeTime };
}

/** The kinds of fuzz case, with a number each for {@link caseSeed}. */
export const CaseKind = {
  /** Valid frames, random chunking, both bytes settings. */
  valid: 1,
  /** Valid frames mutated, decoded with default or small limits. */
  mutated: 2,
  /** Random bytes. */
  random: 3,
} as const;

/** One of {@link CaseKind}'s values. */
export type CaseKindValue = typeof CaseKind[keyof typeof CaseKind];

/** The result of {@link runCase}. */
export interface CaseResult {
  /** Why the case failed, or null. */
  failure: string | null;
  /** Bytes fed. */
  bytes: number;
  /** Milliseconds inside `feed`. */
  decodeTime: number;
  /** The reference decoder's outcome. */
  outcome: ReferenceOutcome;
}

/** Longest a single feed may take, in milliseconds. */
export const SLOW_FEED_MS = 100;

/**
 * Run case `index` of `kind` for `seed`: generate, chunk, decode with keel and
 * with the reference decoder, and check.
 *
 * - valid: keel's events equal the generated expectation, and so do the
 *   reference decoder's; nothing is thrown and nothing is left over.
 * - mutated and random: keel throws nothing but {@link ProtocolError}; its
 *   events equal the reference decoder's, and it throws exactly when the
 *   reference decoder finds the input invalid.
 * - always: no single feed takes over {@link SLOW_FEED_MS} (checked twice to
 *   rule out a pause of the runtime).
 */
export function runCase(seed: number, kind: CaseKindValue, index: number): CaseResult {
  const r = new Random(caseSeed(seed, kind, index));
  const mode: FuzzMode = r.chance(0.5)
    ? { returnBytes: r.chance(0.5), pushBytes: r.chance(0.5) }
    : r.chance(0.5)
    ? { returnBytes: true, pushBytes: true }
    : { returnBytes: false, pushBytes: false };
  let input: Uint8Array;
  let expected: FuzzEvent[] | undefined;
  let options: DecoderOptions = {};
  if (kind === CaseKind.valid) {
    const stream = generateStream(r, r.range(1, 6), {
      ...defaultGeneratorOptions,
      protocol: r.chance(0.2) ? 2 : 3,
      largeBulkChance: r.chance(0.02) ? 0.2 : 0,
    });
    input = stream.bytes;
    expected = stream.expected(mode);
  } else {
    const base = kind === CaseKind.mutated
      ? mutate(r, generateStream(r, r.range(1, 4), defaultGeneratorOptions).bytes)
      : randomInput(r);
    input = base;
    if (r.chance(0.3)) {
      options = {
        maxDepth: r.range(1, 6),
        maxBulkLength: r.small(200),
        maxLineLength: r.range(1, 40),
      };
    }
  }
  const chunks = chunkRandomly(r, input);
  const style = r.pick<FeedStyle>(["views", "views", "reused", "buffer"]);
  let run = runKeel(chunks, mode, options, style);
  if (run.slowestFeed > SLOW_FEED_MS) run = runKeel(chunks, mode, options, style);
  const reference = referenceDecode(input, mode, options);
  const result = (failure: string | null): CaseResult => ({
    failure,
    bytes: input.length,
    decodeTime: run.decodeTime,
    outcome: reference.outcome,
  });
  const where = () =>
    ` [mode ${JSON.stringify(mode)}, options ${
      JSON.stringify(options)
    }, ${chunks.length} chunks (${style}), input ${
      input.length <= 300 ? JSON.stringify(utf8.decode(input)) : `${input.length} bytes`
    }]`;
  if (run.slowestFeed > SLOW_FEED_MS) {
    return result(`a feed took ${run.slowestFeed.toFixed(1)} ms${where()}`);
  }
  if (run.error !== undefined && !(run.error instanceof ProtocolError)) {
    return result(`threw ${String(run.error)}${where()}`);
  }
  if (expected !== undefined) {
    if (run.error !== undefined) return result(`threw ${String(run.error)}${where()}`);
    const keel = eventsDifference(run.events, expected);
    if (keel !== null) return result(`keel: ${keel}${where()}`);
    const ref = eventsDifference(reference.events, expected);
    if (ref !== null) return result(`reference decoder: ${ref}${where()}`);
    if (reference.outcome !== "complete") {
      return result(`reference decoder: ${reference.outcome}${where()}`);
    }
    return result(null);
  }
  const versus = eventsDifference(run.events, reference.events);
  if (versus !== null) {
    return result(`keel vs reference (${reference.outcome}): ${versus}${where()}`);
  }
  if ((run.error !== undefined) !== (reference.outcome === "error")) {
    return result(
      `keel ${
        run.error === undefined ? "accepted" : `threw ${String(run.error)}`
      } but the reference decoder says ${reference.outcome}${where()}`,
    );
  }
  return result(null);
}

// ---------------------------------------------------------------------------
// Memory bound

/**
 * Run `fn` while recording the largest and the total size asked of the global
 * `Uint8Array` and `ArrayBuffer` constructors (what the decoder allocates
 * with `new`). RSS does not show an untouched allocation, and Bun reports no
 * `external` memory, so this is the runtime-independent check.
 *
 * @example
 * ```ts
 * const decoder = new RespDecoder({ onReply() {} });
 * const { largest } = allocationsDuring(() => decoder.feed(encoder.encode("$536870000\r\n")));
 * assert.ok(largest < 1024);
 * ```
 */
export function allocationsDuring(fn: () => void): { largest: number; total: number } {
  const OriginalUint8Array = globalThis.Uint8Array;
  const OriginalArrayBuffer = globalThis.ArrayBuffer;
  let largest = 0;
  let total = 0;
  const handler: ProxyHandler<typeof OriginalUint8Array & typeof OriginalArrayBuffer> = {
    construct(target, args, newTarget) {
      if (typeof args[0] === "number") {
        total += args[0];
        if (args[0] > largest) largest = args[0];
      }
      const isProxy = newTarget === uint8ArrayProxy || newTarget === arrayBufferProxy;
      return Reflect.construct(target, args, isProxy ? target : newTarget);
    },
  };
  // deno-lint-ignore no-explicit-any
  const uint8ArrayProxy = new Proxy(OriginalUint8Array as any, handler);
  // deno-lint-ignore no-explicit-any
  const arrayBufferProxy = new Proxy(OriginalArrayBuffer as any, handler);
  globalThis.Uint8Array = uint8ArrayProxy;
  globalThis.ArrayBuffer = arrayBufferProxy;
  try {
    fn();
  } finally {
    globalThis.Uint8Array = OriginalUint8Array;
    globalThis.ArrayBuffer = OriginalArrayBuffer;
  }
  return { largest, total };
}

/**
 * A hostile case: a huge announced bulk string, verbatim string, bulk error
 * or aggregate (maybe nested), followed by part of a body in random chunks.
 * Fails when keel throws something other than {@link ProtocolError}, or when
 * any allocation is larger than 1 MiB (the most it preallocates), 8 times the
 * bytes fed (its bound for a growing bulk) and 2 line lengths together, or
 * when all its allocations add up to more than 4 times that.
 */
export function runHostileCase(seed: number, index: number): CaseResult {
  const r = new Random(caseSeed(seed, 4, index));
  const maxLineLength = r.chance(0.5) ? 64 * 1024 : r.range(8, 4096);
  const parts: Uint8Array[] = [];
  const nesting = r.small(6);
  for (let i = 0; i < nesting; i++) {
    parts.push(encoder.encode(`${r.pick(["*", "~", "%", ">", "|"])}${r.range(1, 2 ** 31)}\r\n`));
  }
  const declared = r.range(1024 * 1024 + 1, 512 * 1024 * 1024);
  parts.push(encoder.encode(`${r.pick(["$", "=", "!"])}${declared}\r\n`));
  const body = r.small(r.chance(0.1) ? 600_000 : 40_000);
  parts.push(r.bytes(body));
  const input = concatBytes(parts);
  const chunks = chunkRandomly(r, input);
  const mode = { returnBytes: r.chance(0.5), pushBytes: r.chance(0.5) };
  let run: KeelRun | undefined;
  const { largest, total } = allocationsDuring(() => {
    run = runKeel(chunks, mode, { maxLineLength }, "views");
  });
  const bound = 1024 * 1024 + 2 + 8 * input.length + 2 * (maxLineLength + 2);
  let failure: string | null = null;
  if (run!.error !== undefined && !(run!.error instanceof ProtocolError)) {
    failure = `threw ${String(run!.error)}`;
  } else if (largest > bound) {
    failure = `allocated ${largest} bytes at once after ${input.length} bytes (bound ${bound})`;
  } else if (total > 4 * bound) {
    failure = `allocated ${total} bytes in all after ${input.length} bytes (bound ${4 * bound})`;
  } else if (run!.slowestFeed > SLOW_FEED_MS) {
    failure = `a feed took ${run!.slowestFeed.toFixed(1)} ms`;
  }
  return {
    failure: failure === null ? null : `${failure} [declared ${declared}, ${chunks.length} chunks]`,
    bytes: input.length,
    decodeTime: run!.decodeTime,
    outcome: "incomplete",
  };
}

// ---------------------------------------------------------------------------
// The mix of a run

/** One kind of input in {@link FUZZ_MIX}. */
export interface FuzzShare {
  /** A short name for reports. */
  name: "valid" | "mutated" | "random" | "hostile";
  /** What {@link runFuzzCase} runs. */
  kind: CaseKindValue | "hostile";
  /** The share of a run's inputs, from 0 to 1. */
  share: number;
}

/**
 * The kinds of input of a run and the share of each: the same mix for
 * `tests/resp_fuzz.test.ts` and `bench/resp_fuzz.ts`.
 *
 * @example
 * ```ts
 * for (const { name, kind, share } of FUZZ_MIX) {
 *   const cases = Math.max(1, Math.round(inputs * share));
 *   for (let index = 0; index < cases; index++) report(name, runFuzzCase(seed, kind, index));
 * }
 * ```
 */
export const FUZZ_MIX: readonly FuzzShare[] = [
  { name: "valid", kind: CaseKind.valid, share: 0.4 },
  { name: "mutated", kind: CaseKind.mutated, share: 0.45 },
  { name: "random", kind: CaseKind.random, share: 0.13 },
  { name: "hostile", kind: "hostile", share: 0.02 },
];

/**
 * Run case `index` of `kind` for `seed`: {@link runCase}, or
 * {@link runHostileCase} for `"hostile"`. A harness that throws (the
 * generator, the reference decoder or the checks broke) gives a failed case.
 *
 * @example
 * ```ts
 * const result = runFuzzCase(0x6b65656c, CaseKind.mutated, 17);
 * assert.equal(result.failure, null);
 * ```
 */
export function runFuzzCase(
  seed: number,
  kind: CaseKindValue | "hostile",
  index: number,
): CaseResult {
  try {
    return kind === "hostile" ? runHostileCase(seed, index) : runCase(seed, kind, index);
  } catch (error) {
    return {
      failure: `the harness threw ${String(error)}`,
      bytes: 0,
      decodeTime: 0,
      outcome: "error",
    };
  }
}

/**
 * An integer from the environment (a fuzz run's seed, count or case), or
 * `undefined` when the variable is unset or empty; anything else throws.
 *
 * @example
 * ```ts
 * const seed = envInteger("KEEL_FUZZ_SEED") ?? 0x6b65656c;
 * ```
 */
export function envInteger(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${text}`);
  return value;
}
