/**
 * Cluster commands: CLUSTER …, READONLY, READWRITE, ASKING.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import type { Mode, Reply, Text } from "./command_base.ts";
import { ServerIntrospectionCommands } from "./server_introspection.ts";
import { asString, toNumber, toRecord, toStrings } from "./transforms.ts";
import { assertInteger, assertNotEmpty } from "./validate.ts";

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
  nodes: { host: string; port: number; id: string; metadata: RespValue[] }[];
}

/** One shard of `CLUSTER SHARDS`. */
export interface ClusterShard {
  /** Slot ranges as start/end pairs: `[0, 5460]`. */
  slots: number[];
  /** The shard's nodes: `id`, `port`, `ip`, `endpoint`, `role`, `health`, … (ports and offsets as numbers). */
  nodes: Record<string, RespValue>[];
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

function parseNodes(reply: RespValue): ClusterNode[] {
  return asString(reply).split("\n").filter((line) => line.trim() !== "").map((line) => {
    const [id, address, flags, master, pingSent, pongReceived, epoch, linkState, ...slots] = line
      .trim().split(" ");
    return {
      id,
      address,
      flags: flags.split(","),
      master: master === "-" ? null : master,
      pingSent: Number(pingSent),
      pongReceived: Number(pongReceived),
      configEpoch: Number(epoch),
      linkState,
      slots,
    };
  });
}

function parseSlots(reply: RespValue): ClusterSlotRange[] {
  return (reply as RespValue[][]).map(([start, end, ...nodes]) => ({
    start: toNumber(start),
    end: toNumber(end),
    nodes: (nodes as RespValue[][]).map(([host, port, id, ...metadata]) => ({
      host: asString(host),
      port: toNumber(port),
      id: asString(id ?? ""),
      metadata,
    })),
  }));
}

/** Shards → plain objects with string keys (RESP2 flat arrays and RESP3 maps alike). */
function parseShards(reply: RespValue): ClusterShard[] {
  return (reply as RespValue[]).map((shard) => {
    const record = toRecord(shard);
    return {
      slots: (record.slots as RespValue[]).map(toNumber),
      nodes: (record.nodes as RespValue[]).map((node) => {
        const fields = toRecord(node);
        for (const key of ["port", "tls-port", "replication-offset"]) {
          if (fields[key] !== undefined) fields[key] = toNumber(fields[key]);
        }
        return fields;
      }),
    };
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
export abstract class ClusterCommands<M extends Mode, S extends Text>
  extends ServerIntrospectionCommands<M, S> {
  /**
   * Let the next command reach a slot being imported (after an ASK redirect).
   *
   * @example
   * ```ts
   * await redis.asking(); // "OK"
   * ```
   */
  asking(): Reply<M, "OK", this> {
    return this.call(["ASKING"]);
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
    return this.call(["READONLY"]);
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
    return this.call(["READWRITE"]);
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
    return this.call(["CLUSTER", "ADDSLOTS", ...slotArgs("clusterAddslots", slots)]);
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
    return this.call(["CLUSTER", "ADDSLOTSRANGE", ...rangeArgs("clusterAddslotsrange", ranges)]);
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
    return this.call(["CLUSTER", "BUMPEPOCH"], (reply) => asString(reply).split(" ")[0]);
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
    return this.call(["CLUSTER", "COUNT-FAILURE-REPORTS", nodeId]);
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
    return this.call(["CLUSTER", "COUNTKEYSINSLOT", slot]);
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
    return this.call(["CLUSTER", "DELSLOTS", ...slotArgs("clusterDelslots", slots)]);
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
    return this.call(["CLUSTER", "DELSLOTSRANGE", ...rangeArgs("clusterDelslotsrange", ranges)]);
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
    return this.call(["CLUSTER", "FLUSHSLOTS"]);
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
    return this.call(["CLUSTER", "FORGET", nodeId]);
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
    return this.call(["CLUSTER", "GETKEYSINSLOT", slot, count]);
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
   * The cluster's state as this node sees it: `{ cluster_state: "ok",
   * cluster_slots_assigned: "16384", … }`.
   *
   * @example
   * ```ts
   * (await redis.clusterInfo()).cluster_state; // "ok"
   * ```
   */
  clusterInfo(): Reply<M, Record<string, string>, this> {
    return this.call(["CLUSTER", "INFO"], (reply) => {
      const info: Record<string, string> = {};
      for (const line of asString(reply).split("\r\n")) {
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
    return this.call(["CLUSTER", "KEYSLOT", key]);
  }

  /**
   * The node's cluster bus links, as objects with string keys (Redis 7+).
   *
   * @example
   * ```ts
   * (await redis.clusterLinks()).length; // 4
   * ```
   */
  clusterLinks(): Reply<M, Record<string, RespValue>[], this> {
    return this.call(["CLUSTER", "LINKS"], (reply) => (reply as RespValue[]).map(toRecord));
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
    return this.call(["CLUSTER", "MYID"], asString);
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
    return this.call(["CLUSTER", "MYSHARDID"], asString);
  }

  /**
   * The cluster's nodes as this node sees them, parsed.
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
      (reply) => parseNodes((reply as RespValue[]).map(asString).join("\n")),
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
      (reply) => parseNodes((reply as RespValue[]).map(asString).join("\n")),
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
    return this.call(["CLUSTER", "REPLICATE", nodeId]);
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
    return this.call(["CLUSTER", "SAVECONFIG"]);
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
    return this.call(["CLUSTER", "SET-CONFIG-EPOCH", epoch]);
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
    return this.call(args);
  }

  /**
   * The cluster's shards, with `slots` as start/end pairs (Redis 7+).
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
   * slots ordered by a metric.
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
  ): Reply<M, RespValue, this> {
    const args: RedisArg[] = ["CLUSTER", "SLOT-STATS"];
    if (filter.slotsrange !== undefined) {
      args.push("SLOTSRANGE", ...rangeArgs("clusterSlotStats", [filter.slotsrange]));
    } else {
      const { metric, limit, order } = filter.orderby!;
      args.push("ORDERBY", metric);
      if (limit !== undefined) {
        assertInteger("clusterSlotStats limit", limit, 1);
        args.push("LIMIT", limit);
      }
      if (order !== undefined) args.push(order.toUpperCase());
    }
    return this.call(args);
  }

  /**
   * Slot ranges and the nodes serving them, master first.
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
