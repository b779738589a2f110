/**
 * The cluster's shape: which master serves each hash slot, and its
 * replicas; read from CLUSTER SHARDS (Redis 7), or CLUSTER SLOTS on older
 * servers.
 *
 * @module
 */
import { asString, toRecord } from "../commands/transforms.ts";
import { ClusterError, DataError, ResponseError } from "../errors/errors.ts";
import type { RespValue } from "../resp/types.ts";
import { formatAddress } from "../conn/address.ts";
import { SLOT_COUNT } from "./slot.ts";

/**
 * A node's address as `host:port` (read by `parseAddress`, written by `formatAddress`).
 *
 * @example
 * ```ts
 * const address: NodeAddress = "127.0.0.1:7000";
 * ```
 */
export type NodeAddress = string;

/**
 * Slot owners and replicas at one moment. Immutable, except that a MOVED
 * redirect may reassign one slot ({@link Topology.assign}) until the next
 * refresh.
 *
 * @example
 * ```ts
 * const topology = Topology.fromShards(await node.sendCommand(["CLUSTER", "SHARDS"]));
 * topology.masterOf(slotOf("k")); // "127.0.0.1:7000"
 * ```
 */
export class Topology {
  /** Every master, once. */
  readonly masters: NodeAddress[];
  /** The replicas of each master. */
  readonly replicas: ReadonlyMap<NodeAddress, NodeAddress[]>;
  readonly #owners: (NodeAddress | undefined)[];

  private constructor(
    owners: (NodeAddress | undefined)[],
    replicas: Map<NodeAddress, NodeAddress[]>,
  ) {
    this.#owners = owners;
    this.replicas = replicas;
    this.masters = [...new Set(owners.filter((owner) => owner !== undefined))] as NodeAddress[];
  }

  /** Every node, masters first. */
  get nodes(): NodeAddress[] {
    return [...this.masters, ...[...this.replicas.values()].flat()];
  }

  /** The master serving `slot`, if any. */
  masterOf(slot: number): NodeAddress | undefined {
    return this.#owners[slot];
  }

  /** The replicas of the master serving `slot`. */
  replicasOf(slot: number): NodeAddress[] {
    const master = this.#owners[slot];
    return master === undefined ? [] : this.replicas.get(master) ?? [];
  }

  /** Whether every slot has the same master (or none) in `other`. */
  sameOwners(other: Topology): boolean {
    const mine = this.#owners;
    const theirs = other.#owners;
    for (let slot = 0; slot < SLOT_COUNT; slot++) if (mine[slot] !== theirs[slot]) return false;
    return true;
  }

  /** A MOVED redirect said `address` serves `slot` now. */
  assign(slot: number, address: NodeAddress): void {
    this.#owners[slot] = address;
    if (!this.masters.includes(address)) this.masters.push(address);
  }

  /**
   * From a CLUSTER SHARDS reply (a list of shards, each a map — or under
   * RESP2 a flat list — with `slots` and `nodes`). Nodes not `online` are
   * left out. A node without an address (an empty one: a node that has
   * not learned its own IP, as a cluster of one) is at `answeredBy`, the
   * host of the node that sent the reply.
   */
  static fromShards(reply: RespValue, answeredBy = ""): Topology {
    const owners: (NodeAddress | undefined)[] = new Array(SLOT_COUNT).fill(undefined);
    const replicas = new Map<NodeAddress, NodeAddress[]>();
    for (const shard of reply as RespValue[]) {
      const fields = toRecord(shard);
      const nodes = (fields.nodes as RespValue[]).map(toRecord);
      const master = nodes.find((node) => asString(node.role) === "master");
      if (master === undefined || asString(master.health) === "fail") continue;
      const address = addressOf(master, answeredBy);
      replicas.set(
        address,
        nodes.filter((node) =>
          asString(node.role) !== "master" && asString(node.health) === "online"
        )
          .map((node) => addressOf(node, answeredBy)),
      );
      const slots = (fields.slots as RespValue[]).map(Number);
      for (let i = 0; i + 1 < slots.length; i += 2) {
        for (let slot = slots[i]; slot <= slots[i + 1]; slot++) owners[slot] = address;
      }
    }
    return new Topology(owners, replicas);
  }

  /**
   * From a CLUSTER SLOTS reply: `[start, end, [host, port, id], …replicas]`
   * per range (an empty host: `answeredBy`, as for {@link Topology.fromShards}).
   */
  static fromSlots(reply: RespValue, answeredBy = ""): Topology {
    const owners: (NodeAddress | undefined)[] = new Array(SLOT_COUNT).fill(undefined);
    const replicas = new Map<NodeAddress, NodeAddress[]>();
    for (const range of reply as RespValue[][]) {
      const [start, end, master, ...others] = range;
      const address = slotsNodeAddress(master, answeredBy);
      replicas.set(address, others.map((node) => slotsNodeAddress(node, answeredBy)));
      for (let slot = Number(start); slot <= Number(end); slot++) owners[slot] = address;
    }
    return new Topology(owners, replicas);
  }
}

/**
 * The topology as the first of `nodes` that answers tells it: CLUSTER
 * SHARDS, or CLUSTER SLOTS on a server that does not know SHARDS (before
 * Redis 7). A node that knows no slot owner does not count; a DataError
 * (bad options, the same for every node) ends the search at once;
 * ClusterError when no node answered.
 *
 * @example
 * ```ts
 * const topology = await readTopology(managers, (manager, args) => manager.send(args));
 * ```
 */
export async function readTopology<N>(
  nodes: readonly N[],
  ask: (node: N, args: string[]) => Promise<unknown>,
  hostOf: (node: N) => string,
): Promise<Topology> {
  let lastError: unknown;
  for (const node of nodes) {
    try {
      let topology: Topology;
      try {
        const reply = await ask(node, ["CLUSTER", "SHARDS"]) as RespValue;
        topology = Topology.fromShards(reply, hostOf(node));
      } catch (error) {
        if (!(error instanceof ResponseError && /unknown (sub)?command/i.test(error.message))) {
          throw error;
        }
        const reply = await ask(node, ["CLUSTER", "SLOTS"]) as RespValue;
        topology = Topology.fromSlots(reply, hostOf(node));
      }
      if (topology.masters.length === 0) throw new ClusterError("the node knows no slot owners");
      return topology;
    } catch (error) {
      // Bad options (a credentials provider that gave no credentials) are
      // the same for every node: asking the next one will not help.
      if (error instanceof DataError) throw error;
      lastError = error;
    }
  }
  throw new ClusterError(
    `no cluster node answered CLUSTER SHARDS: ${(lastError as Error)?.message ?? "no nodes"}`,
    { cause: lastError },
  );
}

/** The address of a node in a CLUSTER SHARDS reply (no host given: `answeredBy`). */
function addressOf(node: Record<string, RespValue>, answeredBy: string): NodeAddress {
  const host =
    [node.ip, node.endpoint, node.hostname].map((value) =>
      value === undefined || value === null ? "" : asString(value)
    ).find((value) => value !== "") ?? answeredBy;
  return formatAddress(host, Number(node.port ?? node["tls-port"]));
}

/** The address of a node in a CLUSTER SLOTS reply: `[host, port, id, …]` (empty host: `answeredBy`). */
function slotsNodeAddress(node: RespValue, answeredBy: string): NodeAddress {
  const [host, port] = node as RespValue[];
  return formatAddress(asString(host) || answeredBy, Number(port));
}
