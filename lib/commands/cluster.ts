/**
 * Cluster commands: CLUSTER …, READONLY, READWRITE, ASKING.
 *
 * @module
 */
import { DataError, ProtocolError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import { bare, count, fieldsOf, integer, listOf, recordOf, text } from "./admin_shapes.ts";
import { CommandBase, type Mode, type Reply, type Text } from "./command_base.ts";
import { type Integer, toCount, toOk, toTexts } from "./replies.ts";
import { arrayOf, emptyRecord, toNumber, toStrings } from "./transforms.ts";
import { assertInteger, assertNotEmpty, assertOptions, optionKeys } from "./validate.ts";

/** One line of `CLUSTER NODES`. */
export interface ClusterNode {
  /** The node id. */
  id: string;
  /** `ip:port@cport[,hostname]` as the node announces it. */
  address: string;
  /** `myself`, `master`, `slave`, `fail?`, `fail`, `handshake`, `noaddr`, `nofailover`, `noflags`. */
  flags: string[];
  /** The master's id for a replica, `null` for a master. */
  master: string | null;
  /** Milliseconds Unix time of the last ping sent (0: none pending). */
  pingSent: number;
  /** Milliseconds Unix time of the last pong received. */
  pongReceived: number;
  /** The node's configuration epoch. */
  configEpoch: number;
  /** `connected` or `disconnected`. */
  linkState: string;
  /** Slots and slot ranges served, as the server writes them (`0-5460`, `[93->-id]`). */
  slots: string[];
}

/** One slot range of `CLUSTER SLOTS` with the nodes serving it, master first. */
export interface ClusterSlotRange {
  /** First slot of the range. */
  start: number;
  /** Last slot of the range. */
  end: number;
  /** The master, then its replicas. */
  nodes: ClusterSlotNode[];
}

/** A node serving a slot range of `CLUSTER SLOTS`. */
export interface ClusterSlotNode {
  /** The node's address (its IP, or its hostname or `?` as the cluster announces it). */
  host: string;
  /** Its port. */
  port: number;
  /** Its id (`""` from servers before 4.0). */
  id: string;
  /** More about the node (Redis 7+): `hostname`, `ip`, …; `{}` when there is none. */
  metadata: Record<string, string>;
}

/** A node of a shard of `CLUSTER SHARDS`. */
export interface ClusterShardNode {
  /** The node's id. */
  id: string;
  /** Its plain port (absent with TLS only). */
  port?: number;
  /** Its TLS port. */
  "tls-port"?: number;
  /** Its IP. */
  ip: string;
  /** How clients should reach it: its IP, hostname, or `?`. */
  endpoint: string;
  /** Its hostname, when it announces one. */
  hostname?: string;
  /** `master` or `replica`. */
  role: string;
  /** Its replication offset: an {@link Integer}. */
  "replication-offset": Integer;
  /** `online`, `failed` or `loading`. */
  health: string;
}

/** One shard of `CLUSTER SHARDS`. */
export interface ClusterShard {
  /** Slot ranges as start/end pairs: `[0, 5460]`. */
  slots: number[];
  /** The shard's nodes (objects without prototype, the same over RESP2 and RESP3). */
  nodes: ClusterShardNode[];
}

/** A cluster bus link of `CLUSTER LINKS`. */
export interface ClusterLink {
  /** `to` (this node connected) or `from` (the peer connected). */
  direction: string;
  /** The peer's node id. */
  node: string;
  /** When the link was made, Unix milliseconds. */
  "create-time": number;
  /** The events the link waits for: `r`, `w`, `rw`. */
  events: string;
  /** The send buffer's size, in bytes. */
  "send-buffer-allocated": number;
  /** The bytes in use in the send buffer. */
  "send-buffer-used": number;
}

/** The statistics of one slot, from `CLUSTER SLOT-STATS` (Valkey 8+). */
export interface ClusterSlotStats {
  /** The slot. */
  slot: number;
  /** Its statistics by name: `key-count`, `cpu-usec`, `network-bytes-in`, `network-bytes-out`. */
  stats: Record<string, number>;
}

/** A slot range for `clusterAddslotsrange` and `clusterDelslotsrange`. */
export interface SlotRange {
  /** First slot. */
  start: number;
  /** Last slot, included. */
  end: number;
}

/** What `clusterSetslot` does to a slot. */
export type SetSlotAction =
  | { importing: RedisArg; migrating?: never; node?: never; stable?: never }
  | { migrating: RedisArg; importing?: never; node?: never; stable?: never }
  | { node: RedisArg; importing?: never; migrating?: never; stable?: never }
  | { stable: true; importing?: never; migrating?: never; node?: never };

const SET_SLOT_KEYS = optionKeys<SetSlotAction>({
  importing: true,
  migrating: true,
  node: true,
  stable: true,
});
const SLOT_STATS_KEYS = optionKeys<{ slotsrange?: SlotRange; orderby?: unknown }>({
  slotsrange: true,
  orderby: true,
});
const SLOT_RANGE_KEYS = optionKeys<SlotRange>({ start: true, end: true });
const ORDERBY_KEYS = optionKeys<{ metric: RedisArg; limit?: number; order?: "asc" | "desc" }>({
  metric: true,
  limit: true,
  order: true,
});

/** One line of `CLUSTER NODES` (its fields are text over both protocols). */
function parseNodeLine(line: string): ClusterNode {
  const [id, address, flags, master, pingSent, pongReceived, epoch, linkState, ...slots] = line
    .trim().split(" ");
  if (linkState === undefined) {
    throw new ProtocolError(`expected a CLUSTER NODES line, got '${line}'`);
  }
  return bare({
    id,
    address,
    flags: flags.split(","),
    master: master === "-" ? null : master,
    pingSent: count(pingSent),
    pongReceived: count(pongReceived),
    configEpoch: count(epoch),
    linkState,
    slots,
  });
}

function parseNodes(reply: RespValue): ClusterNode[] {
  return text(reply).split("\n").filter((line) => line.trim() !== "").map(parseNodeLine);
}

/**
 * A node of `CLUSTER SLOTS`: `[host, port, id, metadata]`, where the
 * metadata (Redis 7+) is a RESP3 map or a RESP2 flat array.
 */
function parseSlotNode(value: RespValue): ClusterSlotNode {
  const [host, port, id, metadata] = arrayOf(value);
  return bare({
    host: text(host),
    port: count(port),
    id: id === undefined ? "" : text(id),
    metadata: metadata === undefined ? emptyRecord<string>() : recordOf(text)(metadata),
  });
}

function parseSlots(reply: RespValue): ClusterSlotRange[] {
  return arrayOf(reply).map((range) => {
    const [start, end, ...nodes] = arrayOf(range);
    return bare({ start: count(start), end: count(end), nodes: nodes.map(parseSlotNode) });
  });
}

const toShardNode = fieldsOf<ClusterShardNode>({
  id: text,
  port: count,
  "tls-port": count,
  ip: text,
  endpoint: text,
  hostname: text,
  role: text,
  "replication-offset": integer,
  health: text,
}, ["port", "tls-port", "hostname"]);

const parseShards = listOf(fieldsOf<ClusterShard>({
  slots: listOf(count),
  nodes: listOf(toShardNode),
}));

const toLink = fieldsOf<ClusterLink>({
  direction: text,
  node: text,
  "create-time": count,
  events: text,
  "send-buffer-allocated": count,
  "send-buffer-used": count,
});

/** `[[slot, {stat: value}], …]`: the statistics a RESP3 map or a RESP2 flat array. */
function parseSlotStats(reply: RespValue): ClusterSlotStats[] {
  return arrayOf(reply).map((entry) => {
    const [slot, stats] = arrayOf(entry);
    return bare({ slot: count(slot), stats: recordOf(toNumber)(stats) });
  });
}

function slotArgs(name: string, slots: number[]): number[] {
  assertNotEmpty(`${name} slots`, slots);
  for (const slot of slots) assertInteger(`${name} slot`, slot, 0);
  return slots;
}

function rangeArgs(name: string, ranges: SlotRange[]): number[] {
  assertNotEmpty(`${name} ranges`, ranges);
  const args: number[] = [];
  ranges.forEach((range, i) => assertOptions(`${name} ranges[${i}]`, range, SLOT_RANGE_KEYS));
  for (const { start, end } of ranges) {
    assertInteger(`${name} start`, start, 0);
    assertInteger(`${name} end`, end, start);
    args.push(start, end);
  }
  return args;
}

/**
 * Commands about Redis Cluster: the node's view of the cluster, slot
 * assignment, and the connection flags for replicas and migrations.
 *
 * @example
 * ```ts
 * (await redis.clusterInfo()).cluster_state; // "ok"
 * ```
 */
export abstract class ClusterCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Let the next command reach a slot being imported (after an ASK redirect).
   *
   * @example
   * ```ts
   * await redis.asking(); // "OK"
   * ```
   */
  asking(): Reply<M, "OK", this> {
    return this.call(["ASKING"], toOk);
  }

  /**
   * Allow reads from this replica connection.
   *
   * @example
   * ```ts
   * await replica.readonly(); // "OK"
   * ```
   */
  readonly(): Reply<M, "OK", this> {
    return this.call(["READONLY"], toOk);
  }

  /**
   * Undo `readonly()`.
   *
   * @example
   * ```ts
   * await replica.readwrite(); // "OK"
   * ```
   */
  readwrite(): Reply<M, "OK", this> {
    return this.call(["READWRITE"], toOk);
  }

  /**
   * Assign slots to this node.
   *
   * @example
   * ```ts
   * await redis.clusterAddslots(0, 1, 2); // "OK"
   * ```
   */
  clusterAddslots(...slots: number[]): Reply<M, "OK", this> {
    return this.call(["CLUSTER", "ADDSLOTS", ...slotArgs("clusterAddslots", slots)], toOk);
  }

  /**
   * Assign ranges of slots to this node (Redis 7+).
   *
   * @example
   * ```ts
   * await redis.clusterAddslotsrange({ start: 0, end: 16383 }); // "OK"
   * ```
   */
  clusterAddslotsrange(...ranges: SlotRange[]): Reply<M, "OK", this> {
    return this.call(
      ["CLUSTER", "ADDSLOTSRANGE", ...rangeArgs("clusterAddslotsrange", ranges)],
      toOk,
    );
  }

  /**
   * Advance the node's configuration epoch: `"BUMPED"` or `"STILL"`.
   *
   * @example
   * ```ts
   * await redis.clusterBumpepoch(); // "BUMPED"
   * ```
   */
  clusterBumpepoch(): Reply<M, string, this> {
    return this.call(["CLUSTER", "BUMPEPOCH"], (reply) => text(reply).split(" ")[0]);
  }

  /**
   * How many nodes report `nodeId` as failing.
   *
   * @example
   * ```ts
   * await redis.clusterCountFailureReports(nodeId); // 0
   * ```
   */
  clusterCountFailureReports(nodeId: RedisArg): Reply<M, number, this> {
    return this.call(["CLUSTER", "COUNT-FAILURE-REPORTS", nodeId], toCount);
  }

  /**
   * How many keys this node holds in `slot`.
   *
   * @example
   * ```ts
   * await redis.clusterCountkeysinslot(7000); // 3
   * ```
   */
  clusterCountkeysinslot(slot: number): Reply<M, number, this> {
    assertInteger("clusterCountkeysinslot slot", slot, 0);
    return this.call(["CLUSTER", "COUNTKEYSINSLOT", slot], toCount);
  }

  /**
   * Unassign slots from this node.
   *
   * @example
   * ```ts
   * await redis.clusterDelslots(0, 1); // "OK"
   * ```
   */
  clusterDelslots(...slots: number[]): Reply<M, "OK", this> {
    return this.call(["CLUSTER", "DELSLOTS", ...slotArgs("clusterDelslots", slots)], toOk);
  }

  /**
   * Unassign ranges of slots from this node (Redis 7+).
   *
   * @example
   * ```ts
   * await redis.clusterDelslotsrange({ start: 0, end: 99 }); // "OK"
   * ```
   */
  clusterDelslotsrange(...ranges: SlotRange[]): Reply<M, "OK", this> {
    return this.call(
      ["CLUSTER", "DELSLOTSRANGE", ...rangeArgs("clusterDelslotsrange", ranges)],
      toOk,
    );
  }

  /**
   * Make this replica take over its master (`force` without the master's
   * agreement, `takeover` without the cluster's).
   *
   * @example
   * ```ts
   * await replica.clusterFailover(); // "OK"
   * ```
   */
  clusterFailover(mode?: "force" | "takeover"): Reply<M, "OK", this> {
    return this.call(
      mode === undefined ? ["CLUSTER", "FAILOVER"] : ["CLUSTER", "FAILOVER", mode.toUpperCase()],
      toOk,
    );
  }

  /**
   * Unassign every slot of this node (only when it holds no keys).
   *
   * @example
   * ```ts
   * await redis.clusterFlushslots(); // "OK"
   * ```
   */
  clusterFlushslots(): Reply<M, "OK", this> {
    return this.call(["CLUSTER", "FLUSHSLOTS"], toOk);
  }

  /**
   * Remove a node from this node's table for 60 seconds.
   *
   * @example
   * ```ts
   * await redis.clusterForget(nodeId); // "OK"
   * ```
   */
  clusterForget(nodeId: RedisArg): Reply<M, "OK", this> {
    return this.call(["CLUSTER", "FORGET", nodeId], toOk);
  }

  /**
   * Up to `count` key names of `slot` held by this node.
   *
   * @example
   * ```ts
   * await redis.clusterGetkeysinslot(7000, 10); // ["{user}:1", "{user}:2"]
   * ```
   */
  clusterGetkeysinslot(slot: number, count: number): Reply<M, S[], this> {
    assertInteger("clusterGetkeysinslot slot", slot, 0);
    assertInteger("clusterGetkeysinslot count", count, 0);
    return this.call(["CLUSTER", "GETKEYSINSLOT", slot, count], toTexts<S>);
  }

  /**
   * Help text of the CLUSTER command, one line per element.
   *
   * @example
   * ```ts
   * (await redis.clusterHelp())[0]; // "CLUSTER <subcommand> [<arg> ..."
   * ```
   */
  clusterHelp(): Reply<M, string[], this> {
    return this.call(["CLUSTER", "HELP"], toStrings);
  }

  /**
   * The cluster's state as this node sees it, as a record without prototype
   * of text values (as the server writes them): `{ cluster_state: "ok",
   * cluster_slots_assigned: "16384", … }`.
   *
   * @example
   * ```ts
   * (await redis.clusterInfo()).cluster_state; // "ok"
   * ```
   */
  clusterInfo(): Reply<M, Record<string, string>, this> {
    return this.call(["CLUSTER", "INFO"], (reply) => {
      const info = emptyRecord<string>();
      for (const line of text(reply).split("\r\n")) {
        const colon = line.indexOf(":");
        if (colon > 0) info[line.slice(0, colon)] = line.slice(colon + 1);
      }
      return info;
    });
  }

  /**
   * The hash slot of `key` (hash tags included).
   *
   * @example
   * ```ts
   * await redis.clusterKeyslot("{user}:1"); // 5474
   * ```
   */
  clusterKeyslot(key: RedisArg): Reply<M, number, this> {
    return this.call(["CLUSTER", "KEYSLOT", key], toCount);
  }

  /**
   * The node's cluster bus links (Redis 7+): objects without prototype, the
   * same over RESP2 and RESP3.
   *
   * @example
   * ```ts
   * (await redis.clusterLinks())[0]?.direction; // "to"
   * ```
   */
  clusterLinks(): Reply<M, ClusterLink[], this> {
    return this.call(["CLUSTER", "LINKS"], listOf(toLink));
  }

  /**
   * Connect this node to another one, joining their clusters.
   *
   * @example
   * ```ts
   * await redis.clusterMeet("127.0.0.1", 7001); // "OK"
   * ```
   */
  clusterMeet(host: RedisArg, port: number, busPort?: number): Reply<M, "OK", this> {
    assertInteger("clusterMeet port", port, 1);
    if (busPort !== undefined) assertInteger("clusterMeet busPort", busPort, 1);
    return this.call(
      busPort === undefined
        ? ["CLUSTER", "MEET", host, port]
        : ["CLUSTER", "MEET", host, port, busPort],
      toOk,
    );
  }

  /**
   * This node's id.
   *
   * @example
   * ```ts
   * await redis.clusterMyid(); // "07c37dfeb235213a872192d90877d0cd55635b91"
   * ```
   */
  clusterMyid(): Reply<M, string, this> {
    return this.call(["CLUSTER", "MYID"], text);
  }

  /**
   * This node's shard id (Redis 7.2+).
   *
   * @example
   * ```ts
   * await redis.clusterMyshardid(); // "a0b1…"
   * ```
   */
  clusterMyshardid(): Reply<M, string, this> {
    return this.call(["CLUSTER", "MYSHARDID"], text);
  }

  /**
   * The cluster's nodes as this node sees them, parsed into objects without
   * prototype (its fields are text over both protocols; the times and the
   * epoch as numbers).
   *
   * @example
   * ```ts
   * (await redis.clusterNodes()).find((node) => node.flags.includes("myself"))?.slots; // ["0-16383"]
   * ```
   */
  clusterNodes(): Reply<M, ClusterNode[], this> {
    return this.call(["CLUSTER", "NODES"], parseNodes);
  }

  /**
   * The replicas of the master `nodeId`, in the `clusterNodes` format.
   *
   * @example
   * ```ts
   * await redis.clusterReplicas(masterId); // [{ id: "…", flags: ["slave"], … }]
   * ```
   */
  clusterReplicas(nodeId: RedisArg): Reply<M, ClusterNode[], this> {
    return this.call(
      ["CLUSTER", "REPLICAS", nodeId],
      (reply) => toStrings(reply).map(parseNodeLine),
    );
  }

  /**
   * The replicas of the master `nodeId`.
   *
   * @deprecated Use `clusterReplicas` instead.
   * @example
   * ```ts
   * await redis.clusterSlaves(masterId); // [{ id: "…", … }]
   * ```
   */
  clusterSlaves(nodeId: RedisArg): Reply<M, ClusterNode[], this> {
    return this.call(
      ["CLUSTER", "SLAVES", nodeId],
      (reply) => toStrings(reply).map(parseNodeLine),
    );
  }

  /**
   * Make this node a replica of the master `nodeId`.
   *
   * @example
   * ```ts
   * await redis.clusterReplicate(masterId); // "OK"
   * ```
   */
  clusterReplicate(nodeId: RedisArg): Reply<M, "OK", this> {
    return this.call(["CLUSTER", "REPLICATE", nodeId], toOk);
  }

  /**
   * Reset this node's cluster state (`hard` also forgets its id and epochs).
   *
   * @example
   * ```ts
   * await redis.clusterReset("soft"); // "OK"
   * ```
   */
  clusterReset(mode?: "hard" | "soft"): Reply<M, "OK", this> {
    return this.call(
      mode === undefined ? ["CLUSTER", "RESET"] : ["CLUSTER", "RESET", mode.toUpperCase()],
      toOk,
    );
  }

  /**
   * Write the node's cluster configuration to disk.
   *
   * @example
   * ```ts
   * await redis.clusterSaveconfig(); // "OK"
   * ```
   */
  clusterSaveconfig(): Reply<M, "OK", this> {
    return this.call(["CLUSTER", "SAVECONFIG"], toOk);
  }

  /**
   * Set the configuration epoch of a new node.
   *
   * @example
   * ```ts
   * await redis.clusterSetConfigEpoch(1); // "OK"
   * ```
   */
  clusterSetConfigEpoch(epoch: number): Reply<M, "OK", this> {
    assertInteger("clusterSetConfigEpoch epoch", epoch, 0);
    return this.call(["CLUSTER", "SET-CONFIG-EPOCH", epoch], toOk);
  }

  /**
   * Change a slot's state: importing from or migrating to a node, owned by
   * a node, or stable again.
   *
   * @example
   * ```ts
   * await redis.clusterSetslot(7000, { migrating: targetId }); // "OK"
   * await redis.clusterSetslot(7000, { stable: true }); // "OK"
   * ```
   */
  clusterSetslot(slot: number, action: SetSlotAction): Reply<M, "OK", this> {
    assertInteger("clusterSetslot slot", slot, 0);
    assertOptions("clusterSetslot", action, SET_SLOT_KEYS);
    const args: RedisArg[] = ["CLUSTER", "SETSLOT", slot];
    const set = (["importing", "migrating", "node", "stable"] as const).filter((key) =>
      action[key] !== undefined
    );
    if (set.length !== 1) {
      throw new DataError(
        `clusterSetslot: expected exactly one of importing, migrating, node, stable, got ${
          set.join(", ") || "none"
        }`,
      );
    }
    if (action.stable) args.push("STABLE");
    else args.push(set[0].toUpperCase(), action[set[0] as "node"]!);
    return this.call(args, toOk);
  }

  /**
   * The cluster's shards, with `slots` as start/end pairs (Redis 7+): objects
   * without prototype, the same over RESP2 and RESP3 (`replication-offset` an
   * {@link Integer}).
   *
   * @example
   * ```ts
   * (await redis.clusterShards())[0].slots; // [0, 16383]
   * ```
   */
  clusterShards(): Reply<M, ClusterShard[], this> {
    return this.call(["CLUSTER", "SHARDS"], parseShards);
  }

  /**
   * Per-slot statistics (Valkey 8+): by a slot range, or the top `limit`
   * slots ordered by a metric; `{ slot, stats }` objects without prototype.
   *
   * @example
   * ```ts
   * await redis.clusterSlotStats({ slotsrange: { start: 0, end: 10 } });
   * ```
   */
  clusterSlotStats(
    filter:
      | { slotsrange: SlotRange; orderby?: never }
      | {
        orderby: { metric: RedisArg; limit?: number; order?: "asc" | "desc" };
        slotsrange?: never;
      },
  ): Reply<M, ClusterSlotStats[], this> {
    assertOptions("clusterSlotStats", filter, SLOT_STATS_KEYS);
    const args: RedisArg[] = ["CLUSTER", "SLOT-STATS"];
    if (filter.slotsrange !== undefined) {
      assertOptions("clusterSlotStats slotsrange", filter.slotsrange, SLOT_RANGE_KEYS);
      args.push("SLOTSRANGE", ...rangeArgs("clusterSlotStats", [filter.slotsrange]));
    } else {
      assertOptions("clusterSlotStats orderby", filter.orderby, ORDERBY_KEYS);
      const { metric, limit, order } = filter.orderby;
      args.push("ORDERBY", metric);
      if (limit !== undefined) {
        assertInteger("clusterSlotStats limit", limit, 1);
        args.push("LIMIT", limit);
      }
      if (order !== undefined) args.push(order.toUpperCase());
    }
    return this.call(args, parseSlotStats);
  }

  /**
   * Slot ranges and the nodes serving them, master first: objects without
   * prototype, each node's `metadata` a record over RESP2 and RESP3 alike.
   *
   * @example
   * ```ts
   * (await redis.clusterSlots())[0]; // { start: 0, end: 16383, nodes: [{ host, port, id }] }
   * ```
   */
  clusterSlots(): Reply<M, ClusterSlotRange[], this> {
    return this.call(["CLUSTER", "SLOTS"], parseSlots);
  }
}
