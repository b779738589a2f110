/**
 * How the replies of a command sent to several cluster nodes become one:
 * the commands split by slot when their keys span several (MGET, MSET,
 * DEL, …) and how their parts are put back together, and the response
 * policies of keyless commands sent to every master or node (DBSIZE sums,
 * KEYS joins, …).
 *
 * @module
 */
import type { RespValue } from "../resp/types.ts";
import type { ResponsePolicy } from "../commands/command_keys.ts";

/**
 * Puts the replies of a split command's parts back together. `groups`
 * holds, per part in order, the positions of its keys in the original
 * command; `count` is how many keys that command had.
 */
export type SplitMerge = (
  parts: readonly unknown[],
  groups: ReadonlyMap<number, number[]>,
  count: number,
) => RespValue;

/**
 * A command split by slot: how many arguments go with each key (`step`),
 * and how its parts' replies are merged.
 */
export interface Split {
  /** Arguments per key: 1 for `DEL k…`, 2 for `MSET k v…`. */
  readonly step: number;
  /** The merge of the parts' replies. */
  readonly merge: SplitMerge;
}

/** The total of integer replies. */
function sum(values: readonly unknown[]): number {
  let total = 0;
  for (const value of values) total += Number(value);
  return total;
}

/** Each part's values at the positions of its keys in the original command. */
const inKeyOrder: SplitMerge = (parts, groups, count) => {
  const values: RespValue[] = new Array(count);
  let g = 0;
  for (const indexes of groups.values()) {
    const part = parts[g++] as RespValue[];
    indexes.forEach((i, j) => values[i] = part[j]);
  }
  return values;
};

const BY_KEY: Split = { step: 1, merge: inKeyOrder };
const COUNTED: Split = { step: 1, merge: sum };
const PAIRS_OK: Split = { step: 2, merge: () => "OK" };

/**
 * Commands a cluster client splits by slot when their keys span several
 * (not atomic then), by name.
 *
 * @example
 * ```ts
 * SPLITS.get("DEL")?.merge([1, 2], new Map([[0, [0]], [9, [1, 2]]]), 3); // 3
 * ```
 */
export const SPLITS: ReadonlyMap<string, Split> = new Map<string, Split>([
  ["MGET", BY_KEY],
  ["MSET", PAIRS_OK],
  ["DEL", COUNTED],
  ["UNLINK", COUNTED],
  ["EXISTS", COUNTED],
  ["TOUCH", COUNTED],
]);

/** Each bit of the replies (integers, or arrays of integers position by position) combined. */
function logical(values: RespValue[], and: boolean): RespValue {
  const combine = (bits: number[]) => (and ? bits.every(Boolean) : bits.some(Boolean)) ? 1 : 0;
  if (Array.isArray(values[0])) {
    return (values[0] as RespValue[]).map((_, i) =>
      combine(values.map((value) => Number((value as RespValue[])[i])))
    );
  }
  return combine(values.map(Number));
}

/** The merge of every node's successful replies, by response policy. */
const MERGES: ReadonlyMap<ResponsePolicy, (values: RespValue[]) => RespValue> = new Map<
  ResponsePolicy,
  (values: RespValue[]) => RespValue
>([
  ["agg_sum", sum],
  ["agg_min", (values) => Math.min(...values.map(Number))],
  ["agg_max", (values) => Math.max(...values.map(Number))],
  ["agg_logical_and", (values) => logical(values, true)],
  ["agg_logical_or", (values) => logical(values, false)],
  ["all_succeeded", (values) => values[0]],
]);

/**
 * The replies of one command from several nodes, merged by its response
 * policy: `one_succeeded` takes the first success, every other policy
 * throws the first error; without a policy (KEYS, …) array replies are
 * joined.
 *
 * @example
 * ```ts
 * const replies = [{ status: "fulfilled", value: 2 }, { status: "fulfilled", value: 3 }] as const;
 * mergeReplies([...replies], "agg_sum"); // 5
 * ```
 */
export function mergeReplies(
  replies: PromiseSettledResult<unknown>[],
  policy: ResponsePolicy,
): RespValue {
  const values: RespValue[] = [];
  const errors: unknown[] = [];
  for (const reply of replies) {
    if (reply.status === "fulfilled") values.push(reply.value as RespValue);
    else errors.push(reply.reason);
  }
  if (policy === "one_succeeded") {
    if (values.length > 0) return values[0];
    throw errors[0];
  }
  if (errors.length > 0) throw errors[0];
  const merge = MERGES.get(policy);
  if (merge !== undefined) return merge(values);
  // No policy (KEYS, …) or a special one: the replies together.
  return Array.isArray(values[0]) ? values.flat() as RespValue[] : values[0];
}
