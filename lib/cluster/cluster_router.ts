/**
 * Routing for a cluster client: the slot map, kept fresh, and the rules
 * that place each command on a node's connections (`cluster_node.ts`) — by
 * its keys' slot, by its request policy, or split by slot (merged as
 * `reply_merge.ts` says) — and follow redirects.
 *
 * @module
 */
import type { Backoff } from "../backoff/backoff.ts";
import type { ConnectionManager } from "../client/connection_manager.ts";
import type { ConnectionReadyOptions } from "../client/ready_options.ts";
import { isQuit, unrefTimer } from "../conn/lifecycle.ts";
import { Subscriber } from "../client/subscriber.ts";
import type { ResolvedOptions } from "../client/options.ts";
import { isReadOnly } from "../commands/read_only.ts";
import { type CommandRequest, commandRequest } from "../conn/command_request.ts";
import {
  AskError,
  BusyLoadingError,
  ClientClosedError,
  ClusterDownError,
  ClusterError,
  ConnectionError,
  MasterDownError,
  MovedError,
  ReadOnlyError,
  ResponseError,
  TryAgainError,
} from "../errors/errors.ts";
import { describeCommand, serverMessage } from "../errors/failed_command.ts";
import type { RedisArg } from "../resp/types.ts";
import type { CacheStats } from "../cache/reply_cache.ts";
import { RedisEvents } from "../events/events.ts";
import { parseAddress } from "../conn/address.ts";
import { ClusterCache } from "./cluster_cache.ts";
import { type ClusterOptions, type ReadFrom, resolveClusterOptions } from "./cluster_options.ts";
import { ClusterNodes } from "./cluster_node.ts";
import { commandKeys, commandName, commandPolicies } from "../commands/command_keys.ts";
import { mergeReplies, type Split, SPLITS } from "./reply_merge.ts";
import { slotOf } from "./slot.ts";
import { type NodeAddress, readTopology, type Topology } from "./topology.ts";

/** How many times a moved shard subscription looks for its slot's new master. */
const REHOME_ATTEMPTS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Owns the node connections and the topology; sends each command where it
 * belongs.
 *
 * @example
 * ```ts
 * const router = new ClusterRouter({ nodes: ["redis://127.0.0.1:7000"] });
 * await router.refresh();
 * await router.send(commandRequest(["GET", "k"]));
 * ```
 */
export class ClusterRouter {
  /** The cluster client's events: `invalidate`, from its client-side cache. */
  readonly events: RedisEvents = new RedisEvents();
  readonly #base: ResolvedOptions;
  /** The seed nodes' addresses: asked for the topology after the known nodes, never dropped. */
  readonly #seeds: NodeAddress[];
  readonly #readFrom: ReadFrom;
  readonly #maxRedirects: number;
  readonly #backoff: Backoff;
  readonly #nodes: ClusterNodes;
  /** The client-side cache, with the `cache` option. */
  readonly #cache: ClusterCache | undefined;
  #topology: Topology | undefined;
  #refreshing: Promise<Topology> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  #pubsub: Subscriber | undefined;

  /** A shard channel whose slot moved follows it to its new master. */
  readonly #onShardMoved = (name: string, subscriptions: Parameters<Subscriber["adopt"]>[1]) =>
    void this.#rehome(name, subscriptions).catch(() => {});

  /** @param options The cluster options, checked by `resolveClusterOptions` (DataError). */
  constructor(options: ClusterOptions) {
    const resolved = resolveClusterOptions(options);
    this.#base = resolved.node;
    const cache = resolved.node.cache;
    this.#cache = cache === undefined ? undefined : new ClusterCache(cache, this.events);
    this.#nodes = new ClusterNodes(resolved.node, this.#onShardMoved, this.#cache);
    this.#seeds = resolved.seeds;
    this.#readFrom = resolved.readFrom;
    this.#maxRedirects = resolved.maxRedirects;
    this.#backoff = resolved.retryBackoff;
    const interval = resolved.refreshInterval;
    if (interval > 0) {
      // Never what keeps the process alive (on Deno too, whose timers are numbers).
      this.#timer = unrefTimer(setInterval(() => void this.refresh().catch(() => {}), interval));
    }
  }

  /** Whether server errors get the caller's stack (the `callerStacks` option). */
  get callerStacks(): boolean {
    return this.#base.callerStacks;
  }

  /** Put before every key by the cluster's executors (the `keyPrefix` option). */
  get keyPrefix(): string | undefined {
    return this.#base.keyPrefix;
  }

  /** The client-side cache's counters and size; `undefined` without the `cache` option. */
  get cacheStats(): CacheStats | undefined {
    return this.#cache?.stats;
  }

  /**
   * A pipeline or transaction met MOVED or ASK: with the `cache` option,
   * the cache empties (a slot moved).
   */
  slotMoved(): void {
    this.#cache?.moved();
  }

  /**
   * Where the client is: `"idle"` (no slot map yet, none being read),
   * `"connecting"` (reading the first), `"ready"` (a slot map known),
   * `"closed"`.
   */
  get status(): "idle" | "connecting" | "ready" | "closed" {
    if (this.#closed) return "closed";
    if (this.#topology !== undefined) return "ready";
    return this.#refreshing === undefined ? "idle" : "connecting";
  }

  /** The slot map (after the first refresh). */
  get topology(): Topology | undefined {
    return this.#topology;
  }

  /**
   * Read the topology again from the first node that answers (known nodes,
   * then the seeds). Concurrent calls share one refresh.
   */
  refresh(): Promise<Topology> {
    this.#refreshing ??= this.#readTopology().finally(() => this.#refreshing = undefined);
    return this.#refreshing;
  }

  async #readTopology(): Promise<Topology> {
    const known = this.#topology?.nodes ?? [];
    const topology = await readTopology(
      [...known, ...this.#seeds].map((address) => this.#manager(address)),
      (manager, args) => manager.dispatcher.send(commandRequest(args)),
      (manager) => manager.options.host,
    );
    const previous = this.#topology;
    // A slot with another owner: what was read from the old one may be stale (see cluster_cache.ts).
    if (this.#cache !== undefined && previous !== undefined && !previous.sameOwners(topology)) {
      this.#cache.moved();
    }
    this.#topology = topology;
    // Close the connections of nodes that left the cluster (seeds stay).
    this.#nodes.retain(new Set([...topology.nodes, ...this.#seeds]));
    return topology;
  }

  /**
   * The connection manager of the node at `address`; with `readOnly`, the
   * one whose connections send READONLY (reads from a replica).
   */
  #manager(address: NodeAddress, readOnly = false): ConnectionManager {
    // Closed: no new connections (commands reject as on a closed `Redis`).
    if (this.#closed) throw new ClientClosedError("the client is closed");
    return this.#nodes.manager(address, readOnly);
  }

  /** The manager of a node chosen for `slot`: its master, or a replica for reads when asked. */
  #nodeFor(topology: Topology, slot: number, read: boolean): ConnectionManager {
    const master = topology.masterOf(slot);
    if (master === undefined) throw new ClusterError(`no node serves slot ${slot}`);
    if (read && this.#readFrom !== "master") {
      const replicas = topology.replicasOf(slot);
      if (replicas.length > 0) {
        return this.#manager(replicas[Math.floor(Math.random() * replicas.length)], true);
      }
    }
    return this.#manager(master);
  }

  /** Send one command where it belongs; the reply shaped by its `transform`. */
  async send(request: CommandRequest): Promise<unknown> {
    const args = request.args;
    if (args.length === 1 && isQuit(args[0])) {
      // QUIT closes the client, as on `Redis`; nothing is sent.
      await this.close();
      return request.transform === undefined ? "OK" : request.transform("OK");
    }
    if (this.#closed) throw new ClientClosedError("the client is closed");
    const topology = this.#topology ?? await this.refresh();
    const keys = commandKeys(args);
    if (keys.length === 0) return this.#sendKeyless(topology, request);
    const slots = keys.map(slotOf);
    if (slots.some((slot) => slot !== slots[0])) {
      const split = SPLITS.get(commandName(args));
      if (split !== undefined) return this.#sendSplit(request, slots, split);
    }
    return this.sendToSlot(slots[0], request);
  }

  /**
   * Send to the node serving `slot`, following MOVED and ASK, and retrying
   * after TRYAGAIN, CLUSTERDOWN, READONLY (a demoted master) and a node that
   * cannot be reached — never after a command was written and its
   * connection lost.
   */
  async sendToSlot(slot: number, request: CommandRequest): Promise<unknown> {
    const { args, transform, bytes, options } = request;
    const read = this.#readFrom !== "master" && isReadOnly(args);
    let manager: ConnectionManager | undefined;
    let asking = false;
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.#maxRedirects; attempt++) {
      let connected = false;
      try {
        // After a failure, reads go to the master: the replica may be what failed.
        manager ??= this.#nodeFor(
          this.#topology ?? await this.refresh(),
          slot,
          read && attempt === 0,
        );
        await manager.connection();
        connected = true;
        if (!asking) return await manager.dispatcher.send(request);
        // A blocking command goes with its ASKING to a pooled connection, as it would alone.
        const [, reply] = await manager.dispatcher.sendBatch(
          [{ args: ["ASKING"] }, { args, transform }],
          bytes,
          false,
          options,
        );
        if (reply instanceof Error) throw reply;
        return reply;
      } catch (error) {
        lastError = error;
        asking = false;
        if (error instanceof MovedError) {
          this.#cache?.moved();
          const address = `${error.host || manager!.options.host}:${error.port}`;
          if (error instanceof AskError) asking = true;
          else {
            this.#topology?.assign(error.slot, address);
            void this.refresh().catch(() => {});
          }
          manager = this.#manager(address);
          continue;
        }
        const retryable = error instanceof TryAgainError || error instanceof ClusterDownError ||
          error instanceof MasterDownError || error instanceof ReadOnlyError ||
          error instanceof BusyLoadingError || error instanceof ClusterError ||
          (!connected && error instanceof ConnectionError && !this.#closed);
        if (!retryable || options?.signal?.aborted) throw error;
        if (!(error instanceof TryAgainError)) await this.refresh().catch(() => {});
        await sleep(this.#backoff.compute(attempt + 1));
        manager = undefined;
      }
    }
    // The command is named once, at the end, as on a server error.
    const last = lastError instanceof ResponseError
      ? serverMessage(lastError)
      : (lastError as Error)?.message;
    throw new ClusterError(
      `gave up on slot ${slot} after ${this.#maxRedirects} redirects or retries: ${last} (${
        describeCommand(args)
      })`,
      { cause: lastError },
    );
  }

  /** A command with keys in several slots, split into one command per slot and merged. */
  async #sendSplit(request: CommandRequest, slots: number[], split: Split): Promise<unknown> {
    const { args, transform, bytes, options } = request;
    const groups = new Map<number, number[]>();
    slots.forEach((slot, i) => {
      const group = groups.get(slot) ?? [];
      group.push(i);
      groups.set(slot, group);
    });
    const parts = await Promise.all(
      [...groups].map(([slot, indexes]) => {
        const part: RedisArg[] = [args[0]];
        for (const i of indexes) {
          part.push(...args.slice(1 + i * split.step, 1 + (i + 1) * split.step));
        }
        return this.sendToSlot(slot, commandRequest(part, undefined, bytes, options));
      }),
    );
    const merged = split.merge(parts, groups, slots.length);
    return transform === undefined ? merged : transform(merged);
  }

  /** A command without keys: by its request policy, to one master, all masters or all nodes. */
  async #sendKeyless(topology: Topology, request: CommandRequest): Promise<unknown> {
    const { args, transform, bytes, options } = request;
    const policies = commandPolicies(args);
    if (policies.request !== "all_shards" && policies.request !== "all_nodes") {
      const master = topology.masters[Math.floor(Math.random() * topology.masters.length)];
      return this.#manager(master).dispatcher.send(request);
    }
    const targets = policies.request === "all_shards" ? topology.masters : topology.nodes;
    // Each node's raw reply: the transform shapes the merged one.
    const raw = transform === undefined ? request : commandRequest(args, undefined, bytes, options);
    const replies = await Promise.allSettled(
      targets.map((address) =>
        this.#manager(address, !topology.masters.includes(address)).dispatcher.send(raw)
      ),
    );
    const merged = mergeReplies(replies, policies.response);
    return transform === undefined ? merged : transform(merged);
  }

  /**
   * Subscribe `subscriptions` to shard channel `name` again on the master now
   * serving its slot (which it looks for, following MOVED, a few times).
   */
  async #rehome(name: string, subscriptions: Parameters<Subscriber["adopt"]>[1]): Promise<void> {
    const slot = slotOf(name);
    for (let attempt = 1; attempt <= REHOME_ATTEMPTS && !this.#closed; attempt++) {
      // A keyed command finds the slot's owner, following MOVED (which updates the map).
      await this.sendToSlot(slot, commandRequest(["EXISTS", name])).catch(() => {});
      const master = this.#topology?.masterOf(slot);
      if (master !== undefined) {
        try {
          await this.#manager(master).subscriber.adopt(name, subscriptions);
          return;
        } catch {
          // The topology may still be settling: try again.
        }
      }
      await sleep(this.#backoff.compute(attempt));
    }
  }

  /**
   * The connection manager of the master serving `slot` in the topology as
   * known now (pipelines, transactions, shard subscriptions); ClusterError
   * when no node serves it.
   */
  masterFor(slot: number): ConnectionManager {
    const topology = this.#topology;
    const master = topology?.masterOf(slot);
    if (master === undefined) throw new ClusterError(`no node serves slot ${slot}`);
    return this.#manager(master);
  }

  /** Every master's connection manager, after reading the topology if not yet known. */
  async masters(): Promise<ConnectionManager[]> {
    const topology = this.#topology ?? await this.refresh();
    return topology.masters.map((address) => this.#manager(address));
  }

  /**
   * The subscriber for SUBSCRIBE and PSUBSCRIBE: its connection goes to a
   * master picked from the topology at each (re)connection, so that when
   * that node dies the subscriptions move to a live one.
   */
  get pubsub(): Subscriber {
    this.#pubsub ??= new Subscriber({
      ...this.#base as ConnectionReadyOptions,
      resolveAddress: async () => {
        const topology = await this.refresh().catch(() => this.#topology);
        const masters = topology?.masters ?? [];
        if (masters.length === 0) throw new ClusterError("no master to subscribe on");
        return parseAddress(masters[Math.floor(Math.random() * masters.length)]);
      },
    });
    // Made after close(): closed too, so that it refuses to subscribe.
    if (this.#closed) void this.#pubsub.close();
    return this.#pubsub;
  }

  /** Close every node connection and the subscriber, and stop refreshing. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#pubsub?.close();
    await this.#nodes.close();
  }
}
