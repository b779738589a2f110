/**
 * The layout of the shared memory between the blocking client and its
 * socket worker: a few control words, an error message, and one slot of
 * bytes in each direction. Each slot is either free or full; the side that
 * fills it flips it to full, the other side empties it and flips it back.
 *
 * @module
 */

/** Control word indexes (Int32). */
export const Control = {
  /** {@link Status} of the socket. */
  Status: 0,
  /** {@link Slot} state of the outbound slot (client → socket); or `Slot.Close`. */
  OutState: 1,
  /** Bytes in the outbound slot. */
  OutLength: 2,
  /** {@link Slot} state of the inbound slot (socket → client). */
  InState: 3,
  /** Bytes in the inbound slot. */
  InLength: 4,
  /** Bytes of the error message. */
  ErrorLength: 5,
  /**
   * Bytes the client knows are coming (the rest of a large bulk string): the
   * worker fills the inbound slot only once it has that many (or a full
   * slot), instead of handing over every socket chunk. `0`: any bytes.
   */
  Wanted: 6,
  /** `1` once the TCP (or Unix) connection is open: a TLS handshake may still be under way. */
  SocketOpen: 7,
} as const;

/** Socket states. */
export const Status = { Connecting: 0, Open: 1, Closed: 2 } as const;

/** Slot states; `Close` is outbound only: the client asks the worker to close the socket. */
export const Slot = { Free: 0, Full: 1, Close: 2 } as const;

/** Bytes of the control words. */
export const CONTROL_BYTES = 64;
/** Bytes reserved for the error message. */
export const ERROR_BYTES = 1024;

/** The shared buffer's views, for either side. */
export interface ChannelViews {
  control: Int32Array;
  error: Uint8Array;
  outbound: Uint8Array;
  inbound: Uint8Array;
}

/**
 * Views over a shared buffer made for slots of `capacity` bytes.
 *
 * @example
 * ```ts
 * const buffer = new SharedArrayBuffer(channelBytes(1024));
 * const { control, outbound } = channelViews(buffer, 1024);
 * ```
 */
export function channelViews(buffer: SharedArrayBuffer, capacity: number): ChannelViews {
  return {
    control: new Int32Array(buffer, 0, CONTROL_BYTES / 4),
    error: new Uint8Array(buffer, CONTROL_BYTES, ERROR_BYTES),
    outbound: new Uint8Array(buffer, CONTROL_BYTES + ERROR_BYTES, capacity),
    inbound: new Uint8Array(buffer, CONTROL_BYTES + ERROR_BYTES + capacity, capacity),
  };
}

/**
 * The shared buffer's size for slots of `capacity` bytes.
 *
 * @example
 * ```ts
 * channelBytes(1 << 20); // 2 MiB and a little
 * ```
 */
export function channelBytes(capacity: number): number {
  return CONTROL_BYTES + ERROR_BYTES + 2 * capacity;
}
