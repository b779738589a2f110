/**
 * The cluster nodes as the router holds them: one {@link ClusterNode} per
 * node address, with its connections opened on first use — one for
 * commands, and one that sends READONLY, for reads while the node serves as
 * a replica. With the `cache` option, each of them tracks the keys read on
 * it into the client's one store (`cluster_cache.ts`).
 *
 * @module
 */
import { ConnectionManager } from "../client/connection_manager.ts";
import type { ResolvedOptions } from "../client/options.ts";
import type { Subscriber } from "../client/subscriber.ts";
import { parseAddress } from "../conn/address.ts";
import type { ClusterCache } from "./cluster_cache.ts";
import type { NodeAddress } from "./topology.ts";

/** Told when a shard channel subscribed on a node moved to another slot owner. */
type ShardMoved = Subscriber["onShardMoved"];

/**
 * A cluster node's connections. The router keeps one per node address.
 *
 * @example
 * ```ts
 * const node = new ClusterNode("127.0.0.1:7000", options, undefined);
 * node.manager(false).options.port; // 7000
 * await node.close();
 * ```
 */
export class ClusterNode {
  /** Where the node listens, `host:port`. */
  readonly address: NodeAddress;
  readonly #options: ResolvedOptions;
  readonly #onShardMoved: ShardMoved;
  readonly #cache: ClusterCache | undefined;
  #primary: ConnectionManager | undefined;
  #readOnly: ConnectionManager | undefined;

  /**
   * @param address The node's `host:port`.
   * @param options The connection options every node uses (its host and port come from `address`).
   * @param onShardMoved Told when a shard channel subscribed on this node moved to another slot owner.
   * @param cache The client's cache, with the `cache` option: the node's connections keep their replies in it.
   */
  constructor(
    address: NodeAddress,
    options: ResolvedOptions,
    onShardMoved: ShardMoved,
    cache?: ClusterCache,
  ) {
    this.address = address;
    this.#options = options;
    this.#onShardMoved = onShardMoved;
    this.#cache = cache;
  }

  /**
   * The node's connection manager for commands, or with `readOnly` the one
   * whose connections send READONLY (reads from a replica).
   */
  manager(readOnly: boolean): ConnectionManager {
    return readOnly ? (this.#readOnly ??= this.#open(true)) : (this.#primary ??= this.#open(false));
  }

  #open(readOnly: boolean): ConnectionManager {
    const cache = this.#cache;
    const manager = new ConnectionManager(
      { ...this.#options, ...parseAddress(this.address), readOnly },
      cache?.store,
    );
    manager.subscriber.onShardMoved = this.#onShardMoved;
    cache?.watch(manager);
    return manager;
  }

  /** Close both connection managers (those opened). */
  async close(): Promise<void> {
    await Promise.all([this.#primary?.close(), this.#readOnly?.close()]);
  }
}

/**
 * The node map: the nodes whose connections were asked for, keyed by node
 * address (a node's identity in the cluster: MOVED and the topology name
 * nodes by it), each a {@link ClusterNode} holding its connection managers.
 *
 * @example
 * ```ts
 * const nodes = new ClusterNodes(options, undefined);
 * nodes.manager("127.0.0.1:7001", true); // the replica connections, which send READONLY
 * nodes.retain(new Set(["127.0.0.1:7000"])); // closes 127.0.0.1:7001's
 * await nodes.close();
 * ```
 */
export class ClusterNodes {
  readonly #options: ResolvedOptions;
  readonly #onShardMoved: ShardMoved;
  readonly #cache: ClusterCache | undefined;
  readonly #nodes = new Map<NodeAddress, ClusterNode>();

  /**
   * @param options The connection options every node uses.
   * @param onShardMoved Told when a shard channel subscribed on a node moved to another slot owner.
   * @param cache The client's cache, with the `cache` option.
   */
  constructor(options: ResolvedOptions, onShardMoved: ShardMoved, cache?: ClusterCache) {
    this.#options = options;
    this.#onShardMoved = onShardMoved;
    this.#cache = cache;
  }

  /** The connection manager of the node at `address` (see {@link ClusterNode.manager}). */
  manager(address: NodeAddress, readOnly: boolean): ConnectionManager {
    let node = this.#nodes.get(address);
    if (node === undefined) {
      node = new ClusterNode(address, this.#options, this.#onShardMoved, this.#cache);
      this.#nodes.set(address, node);
    }
    return node.manager(readOnly);
  }

  /** Close and forget the nodes whose address is not in `keep` (nodes that left the cluster). */
  retain(keep: ReadonlySet<NodeAddress>): void {
    for (const [address, node] of this.#nodes) {
      if (!keep.has(address)) {
        this.#nodes.delete(address);
        void node.close();
      }
    }
  }

  /** Close and forget every node. */
  async close(): Promise<void> {
    const nodes = [...this.#nodes.values()];
    this.#nodes.clear();
    await Promise.all(nodes.map((node) => node.close()));
  }
}
