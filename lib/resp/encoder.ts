/**
 * The RESP encoder: commands → bytes, written into one reusable buffer.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg } from "./types.ts";

const CR = 13;
const LF = 10;
const DOLLAR = 36;
const STAR = 42;
const MINUS = 45;
const ZERO = 48;

/** A buffer grown past this size is dropped at the next reset. */
const RETAINED_LIMIT = 4 * 1024 * 1024;

/** Strings shorter than this are written by a JavaScript loop; longer ones by `encodeInto`. */
const SHORT_STRING = 128;

const utf8 = new TextEncoder();

/** The number of decimal digits of a non-negative safe integer. */
function digitCount(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  let digits = 6;
  for (let limit = 1000000; n >= limit; limit *= 10) digits++;
  return digits;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value);
  return typeof value === "object"
    ? `an object (${value.constructor?.name ?? "Object"})`
    : typeof value;
}

/**
 * Encodes commands as RESP arrays of bulk strings into one growing buffer.
 * Call {@link RespEncoder.encode} for each command, then hand
 * {@link RespEncoder.bytes} to the socket and {@link RespEncoder.reset}.
 *
 * @example
 * ```ts
 * const encoder = new RespEncoder();
 * encoder.encode(["SET", "k", "v"]);
 * encoder.encode(["GET", "k"]);
 * socket.write(encoder.bytes()); // both commands, one write
 * encoder.reset();
 * ```
 */
export class RespEncoder {
  #buffer: Uint8Array;
  #length = 0;
  readonly #initialSize: number;

  /** @param initialSize The buffer's first size in bytes; it doubles as needed. */
  constructor(initialSize = 16 * 1024) {
    this.#initialSize = Math.max(16, initialSize);
    this.#buffer = new Uint8Array(this.#initialSize);
  }

  /** The number of bytes written since the last reset. */
  get byteLength(): number {
    return this.#length;
  }

  /** The bytes written since the last reset: a view, valid until the next encode or reset. */
  bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  /**
   * Forget what was written. The buffer is kept for reuse, unless a large
   * command grew it past 4 MiB: then it shrinks back, so that one big value
   * does not stay allocated.
   */
  reset(): void {
    this.#length = 0;
    if (this.#buffer.length > RETAINED_LIMIT) this.#buffer = new Uint8Array(this.#initialSize);
  }

  /** Drop what was written after the first `length` bytes (to undo commands not sent yet). */
  truncate(length: number): void {
    if (length < this.#length) this.#length = Math.max(0, length);
  }

  /**
   * Append one command. Throws {@link DataError} naming the argument when one
   * cannot be sent (NaN, null, booleans, objects); nothing is appended then.
   */
  encode(args: readonly RedisArg[]): void {
    const count = args.length;
    if (count === 0) throw new DataError("a command needs at least one argument, got none");
    const start = this.#length;
    if (start + 13 > this.#buffer.length) this.#ensure(13);
    this.#buffer[this.#length++] = STAR;
    this.#writeUint(count);
    this.#writeCrlf();
    for (let i = 0; i < count; i++) {
      const arg = args[i];
      if (typeof arg === "string") this.#writeString(arg);
      else if (typeof arg === "number") this.#writeNumber(arg, i, start);
      else if (arg instanceof Uint8Array) this.#writeBytes(arg);
      else if (typeof arg === "bigint") this.#writeAscii(arg.toString());
      else {
        this.#length = start;
        throw new DataError(
          `argument ${i}: expected a string, number, bigint or Uint8Array, got ${describe(arg)}`,
        );
      }
    }
  }

  #ensure(extra: number): void {
    const needed = this.#length + extra;
    if (needed <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }

  #writeCrlf(): void {
    this.#buffer[this.#length++] = CR;
    this.#buffer[this.#length++] = LF;
  }

  /** Write a non-negative safe integer in decimal; capacity must be ensured. */
  #writeUint(n: number): void {
    const buffer = this.#buffer;
    if (n < 10) {
      buffer[this.#length++] = ZERO + n;
      return;
    }
    const end = this.#length + digitCount(n);
    for (let at = end - 1; n > 0; at--) {
      const next = Math.floor(n / 10);
      buffer[at] = ZERO + (n - next * 10);
      n = next;
    }
    this.#length = end;
  }

  /** Write `$<length>\r\n`; capacity for it must be ensured. */
  #writeBulkHeader(length: number): void {
    this.#buffer[this.#length++] = DOLLAR;
    this.#writeUint(length);
    this.#writeCrlf();
  }

  #writeString(value: string): void {
    const chars = value.length;
    if (chars < SHORT_STRING) {
      if (this.#length + chars * 3 + 9 > this.#buffer.length) this.#ensure(chars * 3 + 9);
      const buffer = this.#buffer;
      const headerAt = this.#length;
      // Assume ASCII (byte length = chars); fall back when a wider character shows up.
      this.#writeBulkHeader(chars);
      let at = this.#length;
      for (let i = 0; i < chars; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          this.#length = headerAt;
          this.#writeEncoded(value);
          return;
        }
        buffer[at++] = code;
      }
      this.#length = at;
      this.#writeCrlf();
      return;
    }
    this.#writeEncoded(value);
  }

  /** Write a string of any content with `encodeInto`, then fit the header to the byte length. */
  #writeEncoded(value: string): void {
    const maxBytes = value.length * 3;
    const reserved = digitCount(maxBytes) + 3;
    this.#ensure(reserved + maxBytes + 2);
    const buffer = this.#buffer;
    const bodyAt = this.#length + reserved;
    const { written } = utf8.encodeInto(value, buffer.subarray(bodyAt));
    const headerLength = digitCount(written) + 3;
    if (headerLength < reserved) {
      buffer.copyWithin(this.#length + headerLength, bodyAt, bodyAt + written);
    }
    this.#writeBulkHeader(written);
    this.#length += written;
    this.#writeCrlf();
  }

  /** Write a string known to be ASCII. */
  #writeAscii(value: string): void {
    const length = value.length;
    this.#ensure(length + 15);
    this.#writeBulkHeader(length);
    const buffer = this.#buffer;
    let at = this.#length;
    for (let i = 0; i < length; i++) buffer[at++] = value.charCodeAt(i);
    this.#length = at;
    this.#writeCrlf();
  }

  #writeNumber(value: number, index: number, start: number): void {
    if (Number.isSafeInteger(value)) {
      const negative = value < 0;
      const magnitude = negative ? -value : value;
      this.#ensure(40);
      this.#writeBulkHeader(digitCount(magnitude) + (negative ? 1 : 0));
      if (negative) this.#buffer[this.#length++] = MINUS;
      this.#writeUint(magnitude);
      this.#writeCrlf();
    } else if (value === Infinity) this.#writeAscii("inf");
    else if (value === -Infinity) this.#writeAscii("-inf");
    else if (Number.isNaN(value)) {
      this.#length = start;
      throw new DataError(`argument ${index}: expected a number, got NaN`);
    } else this.#writeAscii(String(value));
  }

  #writeBytes(value: Uint8Array): void {
    this.#ensure(value.length + 15);
    this.#writeBulkHeader(value.length);
    this.#buffer.set(value, this.#length);
    this.#length += value.length;
    this.#writeCrlf();
  }
}

/**
 * Encode one command into a fresh `Uint8Array`.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(encodeCommand(["GET", "k"])); // "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
 * ```
 */
export function encodeCommand(args: readonly RedisArg[]): Uint8Array {
  const encoder = new RespEncoder(64);
  encoder.encode(args);
  return encoder.bytes().slice();
}
