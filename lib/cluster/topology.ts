/**
 * The cluster's shape: which master serves each hash slot, and its
 * replicas; read from CLUSTER SHARDS (Redis 7), or CLUSTER SLOTS on older
 * servers.
 *
 * @module
 */
import { asString, toRecord } from "../commands/transforms.ts";
import type { RespValue } from "../resp/types.ts";
import { SLOT_COUNT } from "./slot.ts";

/** A node's address as `host:port`. */
export type NodeAddress = string;

/**
 * The host and port of a `host:port` address (the port after the last
 * colon, so IPv6 hosts keep theirs).
 *
 * @example
 * ```ts
 * parseAddress("127.0.0.1:7000"); // { host: "127.0.0.1", port: 7000 }
 * ```
 */
export function parseAddress(address: NodeAddress): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

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

  /** A MOVED redirect said `address` serves `slot` now. */
  assign(slot: number, address: NodeAddress): void {
    this.#owners[slot] = address;
    if (!this.masters.includes(address)) this.masters.push(address);
  }

  /** Whether every slot has an owner. */
  get complete(): boolean {
    return this.#owners.every((owner) => owner !== undefined);
  }

  /**
   * From a CLUSTER SHARDS reply (a list of shards, each a map — or under
   * RESP2 a flat list — with `slots` and `nodes`). Nodes not `online` are
   * left out.
   */
  static fromShards(reply: RespValue): Topology {
    const owners: (NodeAddress | undefined)[] = new Array(SLOT_COUNT).fill(undefined);
    const replicas = new Map<NodeAddress, NodeAddress[]>();
    for (const shard of reply as RespValue[]) {
      const fields = toRecord(shard);
      const nodes = (fields.nodes as RespValue[]).map(toRecord);
      const master = nodes.find((node) => asString(node.role) === "master");
      if (master === undefined || asString(master.health) === "fail") continue;
      const address = addressOf(master);
      replicas.set(
        address,
        nodes.filter((node) =>
          asString(node.role) !== "master" && asString(node.health) === "online"
        )
          .map(addressOf),
      );
      const slots = (fields.slots as RespValue[]).map(Number);
      for (let i = 0; i + 1 < slots.length; i += 2) {
        for (let slot = slots[i]; slot <= slots[i + 1]; slot++) owners[slot] = address;
      }
    }
    return new Topology(owners, replicas);
  }

  /** From a CLUSTER SLOTS reply: `[start, end, [host, port, id], …replicas]` per range. */
  static fromSlots(reply: RespValue): Topology {
    const owners: (NodeAddress | undefined)[] = new Array(SLOT_COUNT).fill(undefined);
    const replicas = new Map<NodeAddress, NodeAddress[]>();
    for (const range of reply as RespValue[][]) {
      const [start, end, master, ...others] = range;
      const address = `${asString((master as RespValue[])[0])}:${
        Number((master as RespValue[])[1])
      }`;
      replicas.set(
        address,
        others.map((node) =>
          `${asString((node as RespValue[])[0])}:${Number((node as RespValue[])[1])}`
        ),
      );
      for (let slot = Number(start); slot <= Number(end); slot++) owners[slot] = address;
    }
    return new Topology(owners, replicas);
  }
}

function addressOf(node: Record<string, RespValue>): NodeAddress {
  const host = node.ip ?? node.endpoint ?? node.hostname;
  return `${asString(host)}:${Number(node.port ?? node["tls-port"])}`;
}
