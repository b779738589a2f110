/**
 * The RESP decoder: bytes → values, RESP2 and RESP3, fed arbitrary chunks.
 *
 * @module
 */
import { ProtocolError } from "../errors/errors.ts";
import { responseErrorFor } from "../errors/response_error_for.ts";
import type { RespValue } from "./types.ts";

const CR = 13;
const LF = 10;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;

/** Bulk strings up to this size get their final buffer as soon as their header is read. */
const PREALLOCATE_LIMIT = 1024 * 1024;
/**
 * A larger bulk string collects in a buffer that starts at this size once its
 * first bytes arrive and doubles as needed (see `#growBulk`).
 */
const BULK_START = 64 * 1024;
/**
 * A larger bulk string gets its final buffer once this fraction of it has
 * arrived: a hostile length never costs more than this many times the bytes
 * received (or `BULK_START`).
 */
const BULK_FINAL_RATIO = 8;
const EMPTY = new Uint8Array(0);
/**
 * Bulk strings decoded to text are assembled in one reused buffer up to this
 * size (allocating a large buffer per reply costs more than decoding it).
 */
const SCRATCH_LIMIT = 8 * 1024 * 1024;
/** Chunks up to this size may be decoded to text whole (see `#text`). */
const CHUNK_TEXT_LIMIT = 256 * 1024;

/** What the decoder hands its owner. */
export interface DecoderHandlers {
  /**
   * A complete top-level value that is not a push. An error reply arrives
   * here as a typed {@link ResponseError}, not thrown.
   */
  onReply(value: RespValue): void;
  /**
   * A complete top-level RESP3 push frame (`>`), e.g. a pub/sub message;
   * `>0` arrives here as `[]`. A push nested in an aggregate is an element
   * of that aggregate instead.
   */
  onPush(value: RespValue[]): void;
  /**
   * A complete RESP3 attribute (`|`), at top level or nested. Attributes never
   * take the place of a reply or of an element; without this handler they
   * are dropped.
   */
  onAttribute?(attribute: Map<RespValue, RespValue>): void;
}

/** Limits that protect against hostile or broken servers. */
export interface DecoderOptions {
  /** Deepest nesting of aggregates. Default: 64. */
  maxDepth?: number;
  /** Longest bulk string, verbatim string or bulk error. Default: 512 MiB. */
  maxBulkLength?: number;
  /** Longest line (simple string, error, number, header). Default: 64 KiB. */
  maxLineLength?: number;
}

/** An aggregate being filled: `items` grows to `expected` values. */
interface Frame {
  /** The type byte: `*`, `~`, `%`, `|` or `>`. */
  type: number;
  expected: number;
  items: RespValue[];
}

/** A bulk string whose body is still arriving. */
interface PartialBulk {
  /** The type byte: `$`, `=` or `!`. */
  type: number;
  /** Body length plus the closing CRLF. */
  total: number;
  received: number;
  /**
   * The bytes received so far, at its start: the final buffer once its length
   * is `total`, else a smaller one that `#growBulk` replaces as bytes arrive.
   */
  buffer: Uint8Array;
}

/** Byte-exact: a leading U+FEFF is text like any other, not a byte order mark. */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Decode UTF-8 bytes; short ASCII runs skip `TextDecoder`. */
function decodeText(data: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= 16) {
    let text = "";
    for (let i = start; i < end; i++) {
      const byte = data[i];
      if (byte >= 0x80) return utf8.decode(data.subarray(start, end));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return utf8.decode(data.subarray(start, end));
}

function typeName(type: number): string {
  return type >= 0x21 && type < 0x7f
    ? `'${String.fromCharCode(type)}'`
    : `0x${type.toString(16).padStart(2, "0")}`;
}

/**
 * Turns the bytes of RESP2 and RESP3 replies into values, however they are
 * split into chunks. It keeps an explicit stack of open aggregates (no
 * recursion), copies a bulk string at most once, and throws
 * {@link ProtocolError} on anything that is not RESP.
 *
 * @example
 * ```ts
 * const decoder = new RespDecoder({
 *   onReply: (value) => console.log(value),
 *   onPush: (frame) => console.log("push", frame),
 * });
 * decoder.feed(new TextEncoder().encode("$5\r\nhel"));
 * decoder.feed(new TextEncoder().encode("lo\r\n")); // logs "hello"
 * ```
 */
export class RespDecoder {
  /**
   * When true, bulk and verbatim strings of the next replies decode to
   * `Uint8Array`. Read as each top-level reply starts.
   */
  returnBytes = false;
  /** The same as {@link RespDecoder.returnBytes}, for push frames. */
  pushBytes = false;

  readonly #handlers: DecoderHandlers;
  readonly #maxDepth: number;
  readonly #maxBulkLength: number;
  readonly #maxLineLength: number;
  #stack: Frame[] = [];
  /** Bytes of an element whose line is incomplete, kept from the last chunk. */
  #pending: Uint8Array | null = null;
  /** How many bytes of `#pending` are used; the rest is room to grow. */
  #pendingLength = 0;
  #bulk: PartialBulk | null = null;
  /** The data `feed` is decoding, and its text once decoded whole (`null`: not byte for character). */
  #chunk: Uint8Array | undefined;
  #chunkText: string | null | undefined;
  /** Reused to assemble bulk bodies that are decoded to text (see `#bodyBuffer`). */
  #scratch = new Uint8Array(0);
  /** Whether the reply being decoded wants bytes. */
  #bytes = false;

  /**
   * @param handlers Receivers of complete replies and push frames.
   * @param options Limits against hostile input.
   */
  constructor(handlers: DecoderHandlers, options: DecoderOptions = {}) {
    this.#handlers = handlers;
    this.#maxDepth = options.maxDepth ?? 64;
    this.#maxBulkLength = options.maxBulkLength ?? 512 * 1024 * 1024;
    this.#maxLineLength = options.maxLineLength ?? 64 * 1024;
  }

  /**
   * Bytes still to come of a bulk string that began in an earlier chunk
   * (its body and CRLF); `0` when none is open. A reader may wait for that
   * many before feeding again.
   */
  get bulkRemaining(): number {
    const bulk = this.#bulk;
    return bulk === null ? 0 : bulk.total - bulk.received;
  }

  /** Forget any partly decoded reply. */
  reset(): void {
    this.#stack = [];
    this.#pending = null;
    this.#bulk = null;
  }

  /**
   * Decode a chunk, calling the handlers for each value it completes. The
   * chunk may be reused by the caller afterwards.
   */
  feed(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    try {
      this.#feed(chunk);
    } finally {
      this.#chunk = undefined;
      this.#chunkText = undefined;
    }
  }

  #feed(chunk: Uint8Array): void {
    let pos = 0;
    if (this.#bulk !== null) {
      // Copied as it is: no view is made of a chunk that the body takes whole.
      pos = this.#continueBulk(chunk, 0);
      if (this.#bulk !== null) return;
    }
    // A Buffer (Bun, Node) slices without copying: view it as a plain Uint8Array.
    let data = chunk.constructor === Uint8Array
      ? chunk
      : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#pending !== null) {
      const pending = this.#pending;
      const kept = this.#pendingLength;
      if (data.indexOf(LF, pos) === -1) {
        // The line goes on: append, growing the buffer geometrically. A CR at
        // the end may be the line's own, so it does not count (yet).
        const added = data.length - pos;
        if (kept + added - (data[data.length - 1] === CR ? 1 : 0) > this.#maxLineLength) {
          throw new ProtocolError(`a line is longer than ${this.#maxLineLength} bytes`);
        }
        if (kept + added > pending.length) {
          this.#pending = new Uint8Array(Math.max(kept + added, pending.length * 2));
          this.#pending.set(pending.subarray(0, kept));
        }
        this.#pending.set(data.subarray(pos), kept);
        this.#pendingLength = kept + added;
        return;
      }
      const joined = new Uint8Array(kept + data.length - pos);
      joined.set(pending.subarray(0, kept));
      joined.set(data.subarray(pos), kept);
      this.#pending = null;
      data = joined;
      pos = 0;
    }
    const length = data.length;
    this.#chunk = data;
    while (pos < length) {
      const type = data[pos];
      if (this.#stack.length === 0) this.#bytes = type === 0x3e ? this.pushBytes : this.returnBytes;
      // Most lines are short: scan a few bytes by hand before calling indexOf.
      let lineEnd = pos + 1;
      const scanEnd = Math.min(length, pos + 24);
      while (lineEnd < scanEnd && data[lineEnd] !== CR) lineEnd++;
      if (lineEnd === scanEnd) lineEnd = data.indexOf(CR, lineEnd);
      while (lineEnd !== -1 && lineEnd + 1 < length && data[lineEnd + 1] !== LF) {
        lineEnd = data.indexOf(CR, lineEnd + 1);
      }
      if (lineEnd === -1 || lineEnd + 1 >= length) {
        // Incomplete. A line's length is its type byte and content, CRLF not
        // counted: a CR that ends the chunk may be the line's own.
        if ((lineEnd === -1 ? length : lineEnd) - pos > this.#maxLineLength) {
          throw new ProtocolError(`a line is longer than ${this.#maxLineLength} bytes`);
        }
        this.#pending = data.slice(pos);
        this.#pendingLength = this.#pending.length;
        return;
      }
      if (lineEnd - pos > this.#maxLineLength) {
        throw new ProtocolError(`a line is longer than ${this.#maxLineLength} bytes`);
      }
      const start = pos + 1;
      pos = lineEnd + 2;
      switch (type) {
        case 0x2b: // + simple string
          this.#emit(
            lineEnd - start === 2 && data[start] === 0x4f && data[start + 1] === 0x4b
              ? "OK"
              : this.#text(data, start, lineEnd),
          );
          break;
        case 0x2d: // - error
          this.#emit(responseErrorFor(decodeText(data, start, lineEnd)));
          break;
        case 0x3a: // : integer
          this.#emit(parseInteger(data, start, lineEnd));
          break;
        case 0x24: // $ bulk string
        case 0x3d: // = verbatim string
        case 0x21: { // ! bulk error
          const size = parseLength(data, start, lineEnd);
          if (size === -1) {
            if (type !== 0x24) throw new ProtocolError(`${typeName(type)} length must not be -1`);
            this.#emit(null);
            break;
          }
          if (size > this.#maxBulkLength) {
            throw new ProtocolError(
              `bulk length ${size} is over the limit of ${this.#maxBulkLength} bytes`,
            );
          }
          const end = pos + size;
          if (end + 2 <= length) {
            if (data[end] !== CR || data[end + 1] !== LF) {
              throw new ProtocolError("a bulk string is not followed by CRLF");
            }
            this.#emitBulk(type, data, pos, end);
            pos = end + 2;
            break;
          }
          this.#bulk = {
            type,
            total: size + 2,
            received: 0,
            buffer: size <= PREALLOCATE_LIMIT ? this.#bodyBuffer(size + 2) : EMPTY,
          };
          this.#continueBulk(data, pos);
          return;
        }
        case 0x2a: // * array
        case 0x7e: // ~ set
        case 0x25: // % map
        case 0x7c: // | attribute
        case 0x3e: { // > push
          const count = parseLength(data, start, lineEnd);
          if (count === -1) {
            if (type !== 0x2a) throw new ProtocolError(`${typeName(type)} length must not be -1`);
            this.#emit(null);
            break;
          }
          const expected = type === 0x25 || type === 0x7c ? count * 2 : count;
          if (expected === 0) {
            if (type === 0x7c || (type === 0x3e && this.#stack.length === 0)) {
              this.#deliverAside(type, []);
            } else {
              this.#emit(type === 0x25 ? new Map() : []);
            }
            break;
          }
          if (this.#stack.length >= this.#maxDepth) {
            throw new ProtocolError(`replies nest deeper than ${this.#maxDepth} levels`);
          }
          this.#stack.push({ type, expected, items: [] });
          break;
        }
        case 0x5f: // _ null
          if (lineEnd !== start) throw new ProtocolError("a null ('_') has content");
          this.#emit(null);
          break;
        case 0x23: // # boolean
          if (lineEnd !== start + 1 || (data[start] !== 0x74 && data[start] !== 0x66)) {
            throw new ProtocolError(
              `a boolean must be 't' or 'f', got ${decodeText(data, start, lineEnd)}`,
            );
          }
          this.#emit(data[start] === 0x74);
          break;
        case 0x2c: // , double
          this.#emit(parseDouble(decodeText(data, start, lineEnd)));
          break;
        case 0x28: // ( big number
          this.#emit(parseBigNumber(decodeText(data, start, lineEnd)));
          break;
        default:
          throw new ProtocolError(`unknown RESP type byte ${typeName(type)}`);
      }
    }
  }

  /**
   * Take the body of the partial bulk string from `data[start…]`; returns
   * where its use of `data` ended.
   */
  #continueBulk(data: Uint8Array, start: number): number {
    const bulk = this.#bulk!;
    const from = bulk.received;
    const available = data.length - start;
    const take = Math.min(bulk.total - from, available);
    const received = from + take;
    const buffer = received > bulk.buffer.length ? this.#growBulk(bulk, received) : bulk.buffer;
    buffer.set(take === data.length ? data : data.subarray(start, start + take), from);
    bulk.received = received;
    if (received < bulk.total) return start + take;
    const end = bulk.total - 2;
    if (buffer[end] !== CR || buffer[end + 1] !== LF) {
      throw new ProtocolError("a bulk string is not followed by CRLF");
    }
    this.#bulk = null;
    this.#emitBulk(bulk.type, buffer, 0, end, true);
    return start + take;
  }

  /**
   * Replace the buffer of a partial bulk string with one of at least `needed`
   * bytes: double it (from {@link BULK_START}), or allocate the final buffer
   * once doubling reaches the total or a {@link BULK_FINAL_RATIO}th has arrived.
   * Memory stays within a constant factor of the bytes received however they
   * are chunked, and nothing is allocated for a length before its bytes come.
   */
  #growBulk(bulk: PartialBulk, needed: number): Uint8Array {
    const size = Math.max(needed, bulk.buffer.length * 2, BULK_START);
    const buffer = size >= bulk.total || needed * BULK_FINAL_RATIO >= bulk.total
      ? this.#bodyBuffer(bulk.total)
      : new Uint8Array(size);
    if (bulk.received > 0) buffer.set(bulk.buffer.subarray(0, bulk.received));
    bulk.buffer = buffer;
    return buffer;
  }

  /**
   * Text of `data[start, end)`. Strings inside the chunk being fed come from
   * one decode of the whole chunk (a substring each) when the chunk decodes
   * byte for character, which saves a view and a decoder call per string.
   */
  #text(data: Uint8Array, start: number, end: number): string {
    if (end - start <= 16 || data !== this.#chunk || data.length > CHUNK_TEXT_LIMIT) {
      return decodeText(data, start, end);
    }
    let text = this.#chunkText;
    if (text === undefined) {
      const whole = utf8.decode(data);
      // Equal lengths: every byte became one character at the same offset.
      text = this.#chunkText = whole.length === data.length ? whole : null;
    }
    if (text === null) return decodeText(data, start, end);
    // A bare slice would keep the whole chunk's text alive as long as the
    // value lives; copying it through a concatenation detaches it.
    return (" " + text.slice(start, end)).slice(1);
  }

  /**
   * A buffer for a bulk body of `size` bytes: the reused scratch buffer when
   * the body becomes text at once, a buffer of its own when it is returned
   * as bytes.
   */
  #bodyBuffer(size: number): Uint8Array {
    if (this.#bytes || size > SCRATCH_LIMIT) return new Uint8Array(size);
    if (this.#scratch.length < size) this.#scratch = new Uint8Array(Math.max(size, 4096));
    return this.#scratch.subarray(0, size);
  }

  /** Emit a bulk string, verbatim string or bulk error whose body is `data[start, end)`. */
  #emitBulk(type: number, data: Uint8Array, start: number, end: number, owned = false): void {
    if (type === 0x21) {
      this.#emit(responseErrorFor(decodeText(data, start, end)));
      return;
    }
    if (type === 0x3d) {
      if (end - start < 4 || data[start + 3] !== 0x3a) {
        throw new ProtocolError("a verbatim string lacks its 'fmt:' prefix");
      }
      start += 4;
    }
    if (!this.#bytes) this.#emit(this.#text(data, start, end));
    else this.#emit(owned ? data.subarray(start, end) : data.slice(start, end));
  }

  /** Hand a complete value to its aggregate, closing every aggregate it completes. */
  #emit(value: RespValue): void {
    const stack = this.#stack;
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        this.#handlers.onReply(value);
        return;
      }
      frame.items.push(value);
      if (frame.items.length < frame.expected) return;
      stack.pop();
      const type = frame.type;
      if (type === 0x25) {
        value = toMap(frame.items);
      } else if (type === 0x7c || (type === 0x3e && stack.length === 0)) {
        this.#deliverAside(type, frame.items);
        return;
      } else {
        value = frame.items;
      }
    }
  }

  /**
   * Deliver what takes no place in a reply or aggregate: an attribute (`|`,
   * to `onAttribute` if any) or a top-level push (`>`, to `onPush`).
   */
  #deliverAside(type: number, items: RespValue[]): void {
    if (type === 0x3e) {
      this.#handlers.onPush(items);
      return;
    }
    const onAttribute = this.#handlers.onAttribute;
    if (onAttribute !== undefined) onAttribute.call(this.#handlers, toMap(items));
  }
}

/** A map of key, value, key, value… items, in order. */
function toMap(items: RespValue[]): Map<RespValue, RespValue> {
  const map = new Map<RespValue, RespValue>();
  for (let i = 0; i < items.length; i += 2) map.set(items[i], items[i + 1]);
  return map;
}

/** Parse a length: digits, or exactly `-1`. */
function parseLength(data: Uint8Array, start: number, end: number): number {
  if (end - start === 2 && data[start] === MINUS && data[start + 1] === ZERO + 1) return -1;
  if (start === end || end - start > 15) {
    throw new ProtocolError(`bad length '${decodeText(data, start, end)}'`);
  }
  let n = 0;
  for (let i = start; i < end; i++) {
    const digit = data[i] - ZERO;
    if (digit < 0 || digit > 9) {
      throw new ProtocolError(`bad length '${decodeText(data, start, end)}'`);
    }
    n = n * 10 + digit;
  }
  return n;
}

/**
 * Parse an integer reply: an optional sign and 1 to 19 digits. Beyond 2^53 it
 * becomes a bigint so that no digit is lost; `-0` is `0`.
 */
function parseInteger(data: Uint8Array, start: number, end: number): number | bigint {
  const negative = data[start] === MINUS;
  let i = negative || data[start] === PLUS ? start + 1 : start;
  if (i === end || end - i > 19) {
    throw new ProtocolError(`bad integer '${decodeText(data, start, end)}'`);
  }
  let n = 0;
  for (; i < end; i++) {
    const digit = data[i] - ZERO;
    if (digit < 0 || digit > 9) {
      throw new ProtocolError(`bad integer '${decodeText(data, start, end)}'`);
    }
    n = n * 10 + digit;
  }
  if (n > Number.MAX_SAFE_INTEGER) return BigInt(decodeText(data, start, end));
  // `0 - n`, not `-n`: no -0.
  return negative ? 0 - n : n;
}

/**
 * Parse a RESP double, or the same text in a bulk string (RESP2 scores):
 * decimal with an optional sign, fraction and exponent, or `inf`, `-inf`,
 * `nan`. Throws {@link ProtocolError} otherwise (`0x10`, `Infinity`, ` 1`).
 *
 * @example
 * ```ts
 * parseDouble("-inf"); // -Infinity
 * ```
 */
export function parseDouble(text: string): number {
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
  // `Number` alone would also take hex, binary, octal, `Infinity` and blanks.
  // Given only signs, digits, '.', 'e' and 'E', it takes exactly the decimal
  // form `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` (NaN otherwise, 0 for "").
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c < ZERO || c > ZERO + 9) && c !== 0x2e && c !== PLUS && c !== MINUS && (c | 0x20) !== 0x65
    ) {
      throw new ProtocolError(`bad double '${text}'`);
    }
  }
  const n = Number(text);
  if (text === "" || Number.isNaN(n)) throw new ProtocolError(`bad double '${text}'`);
  return n;
}

function parseBigNumber(text: string): bigint {
  if (!/^[-+]?\d+$/.test(text)) throw new ProtocolError(`bad big number '${text}'`);
  return BigInt(text);
}
