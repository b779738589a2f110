/**
 * The values that RESP2 and RESP3 replies decode to, and the arguments that
 * commands encode from.
 *
 * @module
 */
import type { ResponseError } from "../errors/errors.ts";

/** One argument of a command: text is sent as UTF-8, numbers and bigints in decimal, bytes as they are. */
export type RedisArg = string | number | bigint | Uint8Array;

/**
 * A decoded reply.
 *
 * - simple, bulk and verbatim strings: `string` (or `Uint8Array` when bytes
 *   were asked for; a verbatim string loses its `txt:` format prefix)
 * - integers and doubles: `number` (`inf`, `-inf`, `nan` included); big numbers: `bigint`
 * - null (`$-1`, `*-1`, `_`): `null`; booleans: `boolean`
 * - arrays, sets and pushes: arrays; maps: `Map` (insertion order kept)
 * - error replies nested in an aggregate (e.g. in EXEC's reply): {@link ResponseError}
 */
export type RespValue =
  | string
  | Uint8Array
  | number
  | bigint
  | boolean
  | null
  | ResponseError
  | RespValue[]
  | Map<RespValue, RespValue>;
