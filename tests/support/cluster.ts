/**
 * Test topologies of several servers: a Redis Cluster of 3 masters and 3
 * replicas made with `redis-cli --cluster create`, and a Sentinel set of a
 * master, a replica and 3 sentinels. All on loopback, free ports, private
 * directories; stopped by `stop()` (and killed at process exit).
 *
 * @module
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "../../mod.ts";
import { freePort, startServer, type TestServer } from "./server.ts";

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A node of a test cluster, as CLUSTER NODES describes it now. */
export interface ClusterNode {
  /** The node's server. */
  server: TestServer;
  /** Its cluster node id. */
  id: string;
  /** Whether it is a master now. */
  master: boolean;
}

/** A running test cluster. */
export interface TestCluster {
  /** Every server, in port order of creation. */
  servers: TestServer[];
  /** Seed URLs of all nodes. */
  urls: string[];
  /** The nodes with their current roles. */
  nodes(): Promise<ClusterNode[]>;
  /** Wait until every node reports `cluster_state:ok` and agrees on the masters. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stop every server. */
  stop(): Promise<void>;
}

/** Milliseconds after which the cluster marks an unreachable node failed. */
export const CLUSTER_NODE_TIMEOUT = 1000;

/**
 * Start 6 cluster-enabled servers and join them: 3 masters, 3 replicas.
 *
 * @example
 * ```ts
 * const cluster = await startCluster();
 * const masters = (await cluster.nodes()).filter((n) => n.master);
 * ```
 */
export async function startCluster(): Promise<TestCluster> {
  // A loaded machine sometimes fails to form a cluster (a bus port taken between choosing and
  // binding it, a join slower than the wait): say why, once, and start a fresh one.
  try {
    return await startClusterOnce();
  } catch (error) {
    console.log(`test cluster: the first attempt failed (${String(error)}); starting another`);
    return await startClusterOnce();
  }
}

async function startClusterOnce(): Promise<TestCluster> {
  // The cluster bus listens on port + 10000 unless told otherwise, which fails above 55535 and
  // may be taken: give each node a free bus port of its own.
  const busPorts: number[] = [];
  for (let i = 0; i < 6; i++) {
    let port = await freePort();
    while (busPorts.includes(port)) port = await freePort();
    busPorts.push(port);
  }
  const started = await Promise.allSettled(
    busPorts.map((busPort) =>
      startServer({
        args: [
          ...["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"],
          ...["--cluster-port", String(busPort)],
          ...["--cluster-node-timeout", String(CLUSTER_NODE_TIMEOUT)],
          ...["--cluster-replica-validity-factor", "0", "--appendonly", "no"],
        ],
      })
    ),
  );
  const servers = started.flatMap((result) => result.status === "fulfilled" ? [result.value] : []);
  const stopAll = () => Promise.all(servers.map((server) => server.stop())).then(() => {});
  const refused = started.find((result) => result.status === "rejected");
  if (refused !== undefined) {
    await stopAll();
    throw refused.reason;
  }
  try {
    await run("redis-cli", [
      "--cluster",
      "create",
      ...servers.map((server) => `127.0.0.1:${server.port}`),
      "--cluster-replicas",
      "1",
      "--cluster-yes",
    ]);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const cluster: TestCluster = {
    servers,
    urls: servers.map((server) => server.url),
    async nodes() {
      for (const server of servers) {
        try {
          const text = await probe(server, (redis) => redis.sendCommand(["CLUSTER", "NODES"]));
          return parseNodes(String(text), servers);
        } catch {
          // This one is down; ask the next.
        }
      }
      throw new Error("no cluster node answers");
    },
    async waitHealthy(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (await healthy(servers)) return;
        if (Date.now() > deadline) throw new Error("the test cluster did not become healthy");
        await sleep(100);
      }
    },
    stop: stopAll,
  };
  try {
    await cluster.waitHealthy();
  } catch (error) {
    await stopAll();
    throw error;
  }
  return cluster;
}

/** Run `use` on a short-lived client of `server` that fails fast when it is down. */
async function probe<T>(server: TestServer, use: (redis: Redis) => Promise<T>): Promise<T> {
  await using redis = await Redis.connect({
    port: server.port,
    reconnect: false,
    socketConnectTimeout: 500,
  });
  return await use(redis);
}

/** Every live node says cluster_state:ok, and all see the same 3 masters with replicas connected. */
async function healthy(servers: TestServer[]): Promise<boolean> {
  const views: string[] = [];
  for (const server of servers) {
    let view: string | false;
    try {
      view = await probe(server, async (redis) => {
        const info = String(await redis.sendCommand(["CLUSTER", "INFO"]));
        if (!info.includes("cluster_state:ok")) return false;
        // Replicas still syncing say `loading`: wait until every live node is online.
        const shards = JSON.stringify(
          await redis.sendCommand(["CLUSTER", "SHARDS"]),
          (_, value) => value instanceof Map ? Object.fromEntries(value) : value,
        );
        if (shards.includes('"loading"')) return false;
        return parseNodes(String(await redis.sendCommand(["CLUSTER", "NODES"])), servers)
          .filter((node) => node.master).map((node) => node.id).sort().join(",");
      });
    } catch {
      continue; // A stopped node does not vote.
    }
    if (view === false) return false;
    views.push(view);
  }
  return views.length > 0 &&
    views.every((view) => view === views[0] && view.split(",").length === 3);
}

function parseNodes(text: string, servers: TestServer[]): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const line of text.trim().split("\n")) {
    const [id, address, flags] = line.split(" ");
    const port = Number(address.split("@")[0].split(":").at(-1));
    const server = servers.find((s) => s.port === port);
    if (server === undefined || flags.includes("fail") || flags.includes("noaddr")) continue;
    nodes.push({ server, id, master: flags.includes("master") });
  }
  return nodes;
}

/** A running Sentinel set. */
export interface TestSentinels {
  /** The name the sentinels monitor. */
  name: string;
  /** The master at start. */
  master: TestServer;
  /** The replica at start. */
  replica: TestServer;
  /** The three sentinels' ports. */
  sentinelPorts: number[];
  /** Stop everything. */
  stop(): Promise<void>;
}

/**
 * Start a master, a replica of it, and 3 sentinels monitoring them (quorum 2).
 *
 * @example
 * ```ts
 * const set = await startSentinels();
 * await Redis.connect({ sentinel: { name: set.name, sentinels: set.sentinelPorts.map((port) => ({ port })) } });
 * ```
 */
export async function startSentinels(): Promise<TestSentinels> {
  const name = "keelmaster";
  const master = await startServer();
  const replica = await startServer({ args: ["--replicaof", "127.0.0.1", String(master.port)] });
  const sentinels: TestServer[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const dir = mkdtempSync(join(tmpdir(), "keel-sentinel-"));
      dirs.push(dir);
      const config = join(dir, "sentinel.conf");
      writeFileSync(
        config,
        [
          `sentinel monitor ${name} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          "",
        ].join("\n"),
      );
      sentinels.push(await startServer({ args: [config, "--sentinel"], configFirst: true }));
    }
  } catch (error) {
    await Promise.all([master, replica, ...sentinels].map((server) => server.stop()));
    throw error;
  }
  // Wait until the replica is in sync, and the sentinels know it and each other.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const redis = await Redis.connect({ port: replica.port, reconnect: false });
    try {
      const info = String(await redis.sendCommand(["INFO", "replication"]));
      if (info.includes("master_link_status:up")) break;
    } finally {
      await redis.close();
    }
    if (Date.now() > deadline) throw new Error("the replica did not sync with its master");
    await sleep(100);
  }
  for (;;) {
    const redis = await Redis.connect({ port: sentinels[0].port, reconnect: false });
    try {
      const replicas = await redis.sendCommand(["SENTINEL", "REPLICAS", name]) as unknown[];
      const others = await redis.sendCommand(["SENTINEL", "SENTINELS", name]) as unknown[];
      if (replicas.length >= 1 && others.length >= 2) break;
    } finally {
      await redis.close();
    }
    if (Date.now() > deadline) throw new Error("the sentinels did not discover each other");
    await sleep(200);
  }
  return {
    name,
    master,
    replica,
    sentinelPorts: sentinels.map((sentinel) => sentinel.port),
    async stop() {
      await Promise.all([master, replica, ...sentinels].map((server) => server.stop()));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A plain client to `node`, for checking what is where; closed after `use`.
 *
 * @example
 * ```ts
 * const role = await direct(node, (client) => client.role());
 * ```
 */
export async function direct<T>(node: ClusterNode, use: (client: Redis) => Promise<T>): Promise<T> {
  await using client = await Redis.connect({ port: node.server.port });
  return await use(client);
}

/**
 * The master serving `slot`, by CLUSTER SLOTS as the masters see it.
 *
 * @example
 * ```ts
 * const owner = await ownerOfSlot(cluster, slotOf("user:1"));
 * ```
 */
export async function ownerOfSlot(cluster: TestCluster, slot: number): Promise<ClusterNode> {
  const nodes = await cluster.nodes();
  for (const node of nodes.filter((n) => n.master)) {
    const ranges = await direct(node, (c) => c.sendCommand(["CLUSTER", "SLOTS"])) as unknown[][];
    for (const [start, end, owner] of ranges) {
      if (slot >= Number(start) && slot <= Number(end)) {
        const port = Number((owner as unknown[])[1]);
        return nodes.find((n) => n.server.port === port)!;
      }
    }
  }
  throw new Error(`no master owns slot ${slot}`);
}

/**
 * A master other than `node`, as the cluster sees it now.
 *
 * @example
 * ```ts
 * const target = await otherMaster(cluster, await ownerOfSlot(cluster, slot));
 * ```
 */
export async function otherMaster(cluster: TestCluster, node: ClusterNode): Promise<ClusterNode> {
  return (await cluster.nodes()).find((n) => n.master && n.id !== node.id)!;
}

/**
 * Mark `slot` as moving from `source` to `target` (IMPORTING, then MIGRATING).
 *
 * @example
 * ```ts
 * await startMigration(slot, source, target); // then MIGRATE its keys
 * ```
 */
export async function startMigration(
  slot: number,
  source: ClusterNode,
  target: ClusterNode,
): Promise<void> {
  await direct(target, (c) => c.sendCommand(["CLUSTER", "SETSLOT", slot, "IMPORTING", source.id]));
  await direct(source, (c) => c.sendCommand(["CLUSTER", "SETSLOT", slot, "MIGRATING", target.id]));
}

/**
 * Give `slot` (its keys already moved) to `target` on every master, as
 * redis-cli reshards: the target first (which bumps its epoch, so that every
 * node, replicas too, accepts the new owner), then the source, then the rest;
 * then wait until the cluster is healthy.
 *
 * @example
 * ```ts
 * await finishMigration(cluster, slot, source, target);
 * ```
 */
export async function finishMigration(
  cluster: TestCluster,
  slot: number,
  source: ClusterNode,
  target: ClusterNode,
): Promise<void> {
  const masters = (await cluster.nodes()).filter((n) => n.master);
  await direct(target, (c) => c.sendCommand(["CLUSTER", "SETSLOT", slot, "NODE", target.id]));
  await direct(source, (c) => c.sendCommand(["CLUSTER", "SETSLOT", slot, "NODE", target.id]));
  for (const node of masters) {
    if (node.id === source.id || node.id === target.id) continue;
    await direct(node, (c) => c.sendCommand(["CLUSTER", "SETSLOT", slot, "NODE", target.id]));
  }
  await cluster.waitHealthy();
}
