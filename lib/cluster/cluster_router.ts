/**
 * Routing for a cluster client: one connection manager per node, the slot
 * map, and the rules that place each command — by its keys' slot, by its
 * request policy, or split by slot — and follow redirects.
 *
 * @module
 */
import { ExponentialWithJitterBackoff } from "../backoff/backoff.ts";
import type { Backoff } from "../backoff/backoff.ts";
import { ConnectionManager, type ConnectionReadyOptions } from "../client/connection_manager.ts";
import { isQuit, unrefTimer } from "../conn/lifecycle.ts";
import { Subscriber } from "../client/subscriber.ts";
import { type ResolvedOptions, resolveOptions } from "../client/options.ts";
import { isReadOnly } from "../commands/read_only.ts";
import type { ReplyTransform, SendOptions } from "../conn/connection.ts";
import {
  AskError,
  BusyLoadingError,
  ClientClosedError,
  ClusterDownError,
  ClusterError,
  ConnectionError,
  DataError,
  MasterDownError,
  MovedError,
  ReadOnlyError,
  ResponseError,
  TryAgainError,
} from "../errors/errors.ts";
import type { RedisArg, RespValue } from "../resp/types.ts";
import {
  CLUSTER_NODE_KEYS,
  CLUSTER_OPTION_HINTS,
  CLUSTER_OPTION_KEYS,
  type ClusterOptions,
  type ReadFrom,
} from "./cluster_options.ts";
import { assertKnownKeys } from "../errors/unknown_option.ts";
import { describeValue } from "../commands/validate.ts";
import { commandKeys, commandName, commandPolicies, type ResponsePolicy } from "./command_keys.ts";
import { slotOf } from "./slot.ts";
import { type NodeAddress, parseAddress, Topology } from "./topology.ts";

/** How a split command's arguments are grouped (`step` per key) and its parts merged. */
type Split = { step: number; merge: "ordered" | "sum" | "ok" };

/** Commands a cluster client splits by slot when their keys span several, and how it merges the parts. */
const SPLITS: ReadonlyMap<string, Split> = new Map<string, Split>([
  ["MGET", { step: 1, merge: "ordered" }],
  ["MSET", { step: 2, merge: "ok" }],
  ["DEL", { step: 1, merge: "sum" }],
  ["UNLINK", { step: 1, merge: "sum" }],
  ["EXISTS", { step: 1, merge: "sum" }],
  ["TOUCH", { step: 1, merge: "sum" }],
]);

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
 * await router.send(["GET", "k"], undefined, false, undefined);
 * ```
 */
export class ClusterRouter {
  readonly #base: ResolvedOptions;
  readonly #seeds: ResolvedOptions[];
  readonly #readFrom: ReadFrom;
  readonly #maxRedirects: number;
  readonly #backoff: Backoff;
  readonly #managers = new Map<string, ConnectionManager>();
  #topology: Topology | undefined;
  #refreshing: Promise<Topology> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  #pubsub: Subscriber | undefined;

  /** @param options The cluster options, checked here (DataError). */
  constructor(options: ClusterOptions) {
    if (typeof options !== "object" || options === null || !Array.isArray(options.nodes)) {
      throw new DataError("cluster: expected options with a `nodes` array of seed nodes");
    }
    if (options.nodes.length === 0) throw new DataError("nodes: expected at least one seed node");
    assertKnownKeys(options, CLUSTER_OPTION_KEYS, "the cluster options", CLUSTER_OPTION_HINTS);
    options.nodes.forEach((node, i) => {
      if (typeof node === "object" && node !== null) {
        assertKnownKeys(node, CLUSTER_NODE_KEYS, `nodes[${i}]`, CLUSTER_OPTION_HINTS);
      }
    });
    const { nodes, readFrom, maxRedirects, refreshInterval, retryBackoff, ...common } = options;
    const nodeOptions = { ...common, reconnect: false, offlineQueue: false, retry: false } as const;
    this.#base = resolveOptions(nodeOptions);
    if (this.#base.credentials !== undefined && typeof this.#base.credentials !== "function") {
      throw new DataError(
        "credentials: a cluster client takes a provider function (asked at each connection), not a stream",
      );
    }
    this.#seeds = nodes.map((node) =>
      resolveOptions(
        typeof node === "string" ? { ...nodeOptions, url: node } : { ...nodeOptions, ...node },
      )
    );
    if (readFrom !== undefined && !["master", "replica", "preferReplica"].includes(readFrom)) {
      throw new DataError(
        `readFrom: expected "master", "replica" or "preferReplica", got ${describeValue(readFrom)}`,
      );
    }
    this.#readFrom = readFrom ?? "master";
    this.#maxRedirects = maxRedirects ?? 16;
    if (!Number.isInteger(this.#maxRedirects) || this.#maxRedirects < 0) {
      throw new DataError(
        `maxRedirects: expected an integer ≥ 0, got ${describeValue(maxRedirects)}`,
      );
    }
    this.#backoff = retryBackoff ?? new ExponentialWithJitterBackoff({ base: 50, cap: 1000 });
    const interval = refreshInterval ?? 30_000;
    if (interval > 0) {
      // Never what keeps the process alive (on Deno too, whose timers are numbers).
      this.#timer = unrefTimer(setInterval(() => void this.refresh().catch(() => {}), interval));
    }
  }

  /** Whether server errors get the caller's stack (the `callerStacks` option). */
  get callerStacks(): boolean {
    return this.#base.callerStacks;
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
    const candidates = [
      ...(this.#topology?.nodes ?? []).map((address) => this.#manager(address)),
      ...this.#seeds.map((seed) => this.#managerFor(seed)),
    ];
    let lastError: unknown;
    for (const manager of candidates) {
      try {
        let topology: Topology;
        try {
          topology = Topology.fromShards(
            await manager.send(["CLUSTER", "SHARDS"], undefined, false, undefined) as RespValue,
          );
        } catch (error) {
          if (!(error instanceof ResponseError && /unknown (sub)?command/i.test(error.message))) {
            throw error;
          }
          topology = Topology.fromSlots(
            await manager.send(["CLUSTER", "SLOTS"], undefined, false, undefined) as RespValue,
          );
        }
        if (topology.masters.length === 0) throw new ClusterError("the node knows no slot owners");
        this.#topology = topology;
        this.#dropUnknown(topology);
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

  /** Close the connections of nodes that left the cluster. */
  #dropUnknown(topology: Topology): void {
    const known = new Set(topology.nodes);
    const seeds = new Set(this.#seeds.map((seed) => `${seed.host}:${seed.port}`));
    for (const [address, manager] of this.#managers) {
      const key = address.replace(/ ro$/, "");
      if (!known.has(key) && !seeds.has(key)) {
        this.#managers.delete(address);
        void manager.close();
      }
    }
  }

  #managerFor(seed: ResolvedOptions): ConnectionManager {
    return this.#manager(`${seed.host}:${seed.port}`);
  }

  /** The connection manager of `address`; replicas' connections send READONLY. */
  #manager(address: NodeAddress, readOnly = false): ConnectionManager {
    // Closed: no new connections (commands reject as on a closed `Redis`).
    if (this.#closed) throw new ClientClosedError("the client is closed");
    const key = readOnly ? `${address} ro` : address;
    let manager = this.#managers.get(key);
    if (manager === undefined) {
      manager = new ConnectionManager({ ...this.#base, ...parseAddress(address), readOnly });
      // A shard channel whose slot moved follows it to its new master.
      manager.subscriber.onShardMoved = (name, subscriptions) =>
        void this.#rehome(name, subscriptions).catch(() => {});
      this.#managers.set(key, manager);
    }
    return manager;
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

  /** Send one command where it belongs; the reply shaped by `transform`. */
  async send(
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    if (args.length === 1 && isQuit(args[0])) {
      // QUIT closes the client, as on `Redis`; nothing is sent.
      await this.close();
      return transform === undefined ? "OK" : transform("OK");
    }
    if (this.#closed) throw new ClientClosedError("the client is closed");
    const topology = this.#topology ?? await this.refresh();
    const keys = commandKeys(args);
    if (keys.length === 0) return this.#sendKeyless(topology, args, transform, bytes, options);
    const slots = keys.map(slotOf);
    if (slots.some((slot) => slot !== slots[0])) {
      const split = SPLITS.get(commandName(args));
      if (split !== undefined) {
        return this.#sendSplit(args, slots, split, transform, bytes, options);
      }
    }
    return this.sendToSlot(slots[0], args, transform, bytes, options);
  }

  /**
   * Send to the node serving `slot`, following MOVED and ASK, and retrying
   * after TRYAGAIN, CLUSTERDOWN, READONLY (a demoted master) and a node that
   * cannot be reached — never after a command was written and its
   * connection lost.
   */
  async sendToSlot(
    slot: number,
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
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
        if (!asking) return await manager.send(args, transform, bytes, options);
        // A blocking command goes with its ASKING to a pooled connection, as it would alone.
        const [, reply] = await manager.sendBatch(
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
    throw new ClusterError(
      `gave up on slot ${slot} after ${this.#maxRedirects} redirects or retries: ${
        (lastError as Error)?.message
      }`,
      { cause: lastError },
    );
  }

  /** A command with keys in several slots, split into one command per slot and merged. */
  async #sendSplit(
    args: readonly RedisArg[],
    slots: number[],
    split: Split,
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
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
        return this.sendToSlot(slot, part, undefined, bytes, options);
      }),
    );
    let merged: RespValue;
    if (split.merge === "sum") merged = parts.reduce<number>((sum, part) => sum + Number(part), 0);
    else if (split.merge === "ok") merged = "OK";
    else {
      const values: RespValue[] = new Array(slots.length);
      [...groups.values()].forEach((indexes, g) => {
        indexes.forEach((i, j) => values[i] = (parts[g] as RespValue[])[j]);
      });
      merged = values;
    }
    return transform === undefined ? merged : transform(merged);
  }

  /** A command without keys: by its request policy, to one master, all masters or all nodes. */
  async #sendKeyless(
    topology: Topology,
    args: readonly RedisArg[],
    transform: ReplyTransform | undefined,
    bytes: boolean,
    options: SendOptions | undefined,
  ): Promise<unknown> {
    const { request, response } = commandPolicies(args);
    if (request !== "all_shards" && request !== "all_nodes") {
      const master = topology.masters[Math.floor(Math.random() * topology.masters.length)];
      return this.#manager(master).send(args, transform, bytes, options);
    }
    const targets = request === "all_shards" ? topology.masters : topology.nodes;
    const replies = await Promise.allSettled(
      targets.map((address) =>
        this.#manager(address, !topology.masters.includes(address)).send(
          args,
          undefined,
          bytes,
          options,
        )
      ),
    );
    const merged = aggregate(replies, response);
    return transform === undefined ? merged : transform(merged);
  }

  async #rehome(name: string, subscriptions: Parameters<Subscriber["adopt"]>[1]): Promise<void> {
    const slot = slotOf(name);
    for (let attempt = 1; attempt <= REHOME_ATTEMPTS && !this.#closed; attempt++) {
      // A keyed command finds the slot's owner, following MOVED (which updates the map).
      await this.sendToSlot(slot, ["EXISTS", name], undefined, false, undefined).catch(() => {});
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

  /** Run `use` on the master of `slot`'s connection (pipelines, transactions). */
  masterFor(slot: number): ConnectionManager {
    const topology = this.#topology;
    const master = topology?.masterOf(slot);
    if (master === undefined) throw new ClusterError(`no node serves slot ${slot}`);
    return this.#manager(master);
  }

  /** Every master's connection manager (for scans and broadcasts). */
  async masters(): Promise<ConnectionManager[]> {
    const topology = this.#topology ?? await this.refresh();
    return topology.masters.map((address) => this.#manager(address));
  }

  /** Close every node connection and stop refreshing. */
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

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#pubsub?.close();
    const managers = [...this.#managers.values()];
    this.#managers.clear();
    await Promise.all(managers.map((manager) => manager.close()));
  }
}

/** Replies of one command from several nodes, merged by its response policy. */
function aggregate(replies: PromiseSettledResult<unknown>[], policy: ResponsePolicy): RespValue {
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
  switch (policy) {
    case "agg_sum":
      return values.reduce<number>((sum, value) => sum + Number(value), 0);
    case "agg_min":
      return Math.min(...values.map(Number));
    case "agg_max":
      return Math.max(...values.map(Number));
    case "agg_logical_and":
    case "agg_logical_or": {
      const and = policy === "agg_logical_and";
      if (Array.isArray(values[0])) {
        return (values[0] as RespValue[]).map((_, i) => {
          const bits = values.map((value) => Number((value as RespValue[])[i]));
          return (and ? bits.every(Boolean) : bits.some(Boolean)) ? 1 : 0;
        });
      }
      const bits = values.map(Number);
      return (and ? bits.every(Boolean) : bits.some(Boolean)) ? 1 : 0;
    }
    case "all_succeeded":
      return values[0];
    default:
      // No policy (KEYS, …): the replies together.
      return Array.isArray(values[0]) ? values.flat() as RespValue[] : values[0];
  }
}
