/**
 * The client-side cache (`cache` option) of RedisCluster against a real
 * 6-node cluster (3 masters, 3 replicas), over RESP3 and RESP2: one store
 * for the client, tracking on every node connection it reads from (replicas
 * too with `readFrom: "replica"`), invalidations from each node, and the
 * emptying when a node connection is lost or a slot moves (ASK, MOVED, a
 * refreshed slot map). Waits are on `invalidate` events, not on polling
 * the cache.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DataError, RedisCluster, slotOf } from "../mod.ts";
import type { ClusterOptions } from "../lib/cluster/cluster_options.ts";
import type { CacheStats } from "../lib/cache/reply_cache.ts";
import type { InvalidateEvent } from "../lib/events/events.ts";
import {
  direct,
  finishMigration,
  otherMaster,
  ownerOfSlot,
  startCluster,
  startMigration,
  type TestCluster,
} from "./support/cluster.ts";
import { nextInvalidation, until } from "./support/cache.ts";
import { expectNoUnhandledRejections } from "./support/unhandled.ts";

/** A server invalidation naming `key` (or everything). */
const forKey = (key: string) => (event: InvalidateEvent) =>
  event.cause === "server" && (event.keys === null || event.keys.includes(key));

/** An emptying of the whole cache for `cause`. */
const emptied = (cause: InvalidateEvent["cause"]) => (event: InvalidateEvent) =>
  event.cause === cause && event.keys === null;

function statsOf(client: RedisCluster): CacheStats {
  const stats = client.cacheStats;
  if (stats === undefined) throw new Error("the client has no cache");
  return stats;
}

/** Run `read`, and whether the cache answered it. */
async function served<T>(
  client: RedisCluster,
  read: () => Promise<T>,
): Promise<{ value: T; hit: boolean }> {
  const hits = statsOf(client).hits;
  const value = await read();
  return { value, hit: statsOf(client).hits > hits };
}

describe("client-side cache on a cluster", () => {
  let cluster: TestCluster;
  /** A client without a cache: the "other client" that writes. */
  let writer: RedisCluster;
  const clients: RedisCluster[] = [];
  before(async () => {
    cluster = await startCluster();
    writer = await RedisCluster.connect({ nodes: [cluster.urls[0]] });
  });
  after(async () => {
    for (const client of clients) await client.close();
    await writer?.close();
    await cluster?.stop();
  });
  expectNoUnhandledRejections();

  /** Keys named `prefix…` whose slots are served by `count` different masters. */
  async function keysOnMasters(prefix: string, count: number): Promise<string[]> {
    const keys: string[] = [];
    const owners = new Set<string>();
    for (let i = 0; keys.length < count; i++) {
      const key = `${prefix}${i}`;
      const owner = await ownerOfSlot(cluster, slotOf(key));
      if (owners.has(owner.id)) continue;
      owners.add(owner.id);
      keys.push(key);
    }
    return keys;
  }

  it("takes the cache option as Redis does, and checks it the same way", () => {
    const nodes = ["redis://127.0.0.1:1"];
    assert.equal(new RedisCluster({ nodes }).cacheStats, undefined);
    assert.equal(new RedisCluster({ nodes, cache: false }).cacheStats, undefined);
    assert.deepEqual(new RedisCluster({ nodes, cache: true }).cacheStats, {
      hits: 0,
      misses: 0,
      evictions: 0,
      invalidations: 0,
      entries: 0,
      bytes: 0,
    });
    const cases: [unknown, RegExp][] = [
      ["yes", /cache: expected a boolean or settings, got the string "yes"/],
      [{ maxEntries: 0 }, /cache\.maxEntries: expected an integer from 1/],
      [{ mode: "bcast" }, /cache\.mode: expected "default", "optin" or \{ broadcast/],
      [{ maxentries: 5 }, /maxEntries/],
    ];
    for (const [cache, message] of cases) {
      assert.throws(
        () => new RedisCluster({ nodes, cache } as ClusterOptions),
        (error: unknown) => error instanceof DataError && message.test(error.message),
        `cache: ${JSON.stringify(cache)}`,
      );
    }
    const client = new RedisCluster({ nodes, cache: true });
    assert.throws(
      () => client.with({ cache: "no" as never }),
      (error: unknown) =>
        error instanceof DataError &&
        /with: cache: expected a boolean, got the string "no"/.test(error.message),
    );
    assert.throws(() => client.with({ cahce: true } as never), /did you mean 'cache'/);
    assert.throws(() => client.sendCommand(["GET", "k"], { cache: 1 as never }), DataError);
  });

  for (const protocol of [3, 2] as const) {
    describe(`over RESP${protocol}`, () => {
      const p = `h7:${protocol}:`;

      /** A caching cluster client of this protocol, its node connections open. */
      async function caching(options: Partial<ClusterOptions> = {}): Promise<RedisCluster> {
        const client = await RedisCluster.connect({
          nodes: [cluster.urls[0]],
          protocol,
          cache: true,
          refreshInterval: 0,
          ...options,
        });
        clients.push(client);
        // Open every master's connection now: each one opening empties the cache.
        await client.dbsize();
        return client;
      }

      it("a second read is answered from memory; one cache for every node, as the stats say", async () => {
        const client = await caching();
        const keys = await keysOnMasters(`${p}hit:`, 3);
        for (const key of keys) await writer.set(key, `v-${key}`);
        for (const key of keys) {
          assert.deepEqual(await served(client, () => client.get(key)), {
            value: `v-${key}`,
            hit: false,
          });
          assert.deepEqual(await served(client, () => client.get(key)), {
            value: `v-${key}`,
            hit: true,
          });
        }
        // MGET over three slots: one entry per slot, each answered from memory the second time.
        const many = [...keys, `${p}hit:none`];
        const expected = [...keys.map((key) => `v-${key}`), null];
        assert.deepEqual(await client.mget(...many), expected);
        const before = statsOf(client);
        assert.deepEqual(await client.mget(...many), expected);
        const after = statsOf(client);
        assert.equal(after.misses, before.misses, "the second MGET missed nothing");
        assert.ok(after.hits > before.hits);
        assert.equal(after.entries, before.entries);
        // The bytes view is kept apart, as on Redis.
        assert.deepEqual(
          await client.bytes.get(keys[0]),
          new TextEncoder().encode(`v-${keys[0]}`),
        );
        assert.equal(statsOf(client).entries, after.entries + 1);
      });

      it("maxEntries bounds the client as a whole, whatever node each entry came from", async () => {
        const client = await caching({ cache: { maxEntries: 2 } });
        const keys = await keysOnMasters(`${p}bound:`, 3);
        // Read twice: once full, the store keeps a key from its second read.
        for (const key of keys) for (const _ of [1, 2]) await client.get(key);
        const stats = statsOf(client);
        assert.equal(stats.entries, 2);
        assert.equal(stats.evictions, 1);
      });

      it("another client's write on each node is seen once that node's invalidation arrives", async () => {
        const client = await caching();
        const [first, second] = await keysOnMasters(`${p}other:`, 2);
        await writer.set(first, "1");
        await writer.set(second, "1");
        assert.equal(await client.get(first), "1");
        assert.equal(await client.get(second), "1");
        for (const key of [second, first]) {
          const seen = nextInvalidation(client, forKey(key));
          await writer.set(key, "2");
          await seen;
          assert.deepEqual(await served(client, () => client.get(key)), { value: "2", hit: false });
        }
        // Each invalidation dropped its own key only.
        assert.deepEqual(await served(client, () => client.get(first)), { value: "2", hit: true });
        assert.deepEqual(await served(client, () => client.get(second)), { value: "2", hit: true });
      });

      it("the client's own writes are seen by its next read, on every node", async () => {
        const client = await caching();
        const keys = await keysOnMasters(`${p}own:`, 3);
        for (const key of keys) {
          await client.set(key, "1");
          assert.equal(await client.get(key), "1");
          await client.set(key, "2");
          assert.equal(await client.get(key), "2");
        }
        await client.mset(keys.map((key): [string, string] => [key, "3"]));
        assert.deepEqual(await client.mget(...keys), ["3", "3", "3"]);
        await client.del(...keys);
        assert.deepEqual(await client.mget(...keys), [null, null, null]);
        // FLUSHALL reaches every master, and each says everything changed.
        await client.mset(keys.map((key): [string, string] => [key, "4"]));
        assert.deepEqual(await client.mget(...keys), ["4", "4", "4"]);
        await client.flushall();
        assert.deepEqual(await client.mget(...keys), [null, null, null]);
      });

      it('readFrom: "replica" tracks the reads on the replicas\' READONLY connections', async () => {
        const client = await caching({ readFrom: "replica" });
        const key = `${p}replica`;
        await writer.set(key, "1");
        // The replica may lag: read past the cache until it has the value.
        await until(async () => await client.with({ cache: false }).get(key) === "1");
        assert.deepEqual(await served(client, () => client.get(key)), { value: "1", hit: false });
        assert.deepEqual(await served(client, () => client.get(key)), { value: "1", hit: true });
        // The replica, not the master, tracks it: a READONLY connection with tracking on.
        const master = await ownerOfSlot(cluster, slotOf(key));
        let tracked = 0;
        for (const node of (await cluster.nodes()).filter((n) => !n.master)) {
          const list = String(await direct(node, (c) => c.sendCommand(["CLIENT", "LIST"])));
          tracked += list.split("\n").filter((line) => /flags=\S*r\S*t|flags=\S*t\S*r/.test(line))
            .length;
        }
        assert.ok(tracked >= 1, "a replica connection sent READONLY and tracks");
        const seen = nextInvalidation(client, forKey(key));
        await direct(master, (c) => c.set(key, "2"));
        await seen; // from the replica, once it applied the write
        assert.equal(await client.get(key), "2");
      });

      it("a killed node connection empties the whole cache before any read is answered", async () => {
        const name = `h7-kill-${protocol}`;
        const client = await caching({ clientName: name });
        const [first, second] = await keysOnMasters(`${p}kill:`, 2);
        await writer.set(first, "1");
        await writer.set(second, "1");
        assert.equal(await client.get(first), "1");
        assert.equal(await client.get(second), "1");
        assert.equal((await served(client, () => client.get(second))).hit, true);
        const node = await ownerOfSlot(cluster, slotOf(first));
        const lost = nextInvalidation(client, emptied("connection"));
        const killed = await direct(node, async (c) => {
          const list = String(await c.sendCommand(["CLIENT", "LIST"]));
          // The tracked connection (flag t), not a RESP2 listener (flag P).
          const line = list.split("\n").find((line) =>
            line.includes(` name=${name} `) && /flags=\S*t/.test(line)
          );
          assert.ok(line !== undefined, `a tracked connection named ${name}: ${list}`);
          const id = /\bid=(\d+)/.exec(line)![1];
          return await c.sendCommand(["CLIENT", "KILL", "ID", id]);
        });
        assert.equal(killed, 1);
        await lost;
        assert.equal(statsOf(client).entries, 0);
        // No invalidation can come on the lost connection: the next reads go to the nodes.
        await writer.set(first, "2");
        assert.deepEqual(await served(client, () => client.get(first)), { value: "2", hit: false });
        assert.equal((await served(client, () => client.get(second))).hit, false);
        // Tracked again on the new connection.
        assert.equal((await served(client, () => client.get(first))).hit, true);
        const seen = nextInvalidation(client, forKey(first));
        await writer.set(first, "3");
        await seen;
        assert.equal(await client.get(first), "3");
      });

      if (protocol === 2) {
        it("a killed RESP2 invalidation connection empties the cache; tracking is redirected again", async () => {
          const name = "h7-listener";
          const client = await caching({ clientName: name });
          const key = `${p}listener`;
          await writer.set(key, "1");
          assert.equal(await client.get(key), "1");
          assert.equal((await served(client, () => client.get(key))).hit, true);
          const node = await ownerOfSlot(cluster, slotOf(key));
          const lost = nextInvalidation(client, emptied("connection"));
          await direct(node, async (c) => {
            const list = String(await c.sendCommand(["CLIENT", "LIST"]));
            const line = list.split("\n").find((line) =>
              line.includes(` name=${name} `) && /flags=\S*P/.test(line)
            );
            assert.ok(line !== undefined, `a listener named ${name}: ${list}`);
            await c.sendCommand(["CLIENT", "KILL", "ID", /\bid=(\d+)/.exec(line)![1]]);
          });
          await lost;
          await writer.set(key, "2");
          assert.deepEqual(await served(client, () => client.get(key)), {
            value: "2",
            hit: false,
          });
          // Once redirected to a new listener, the cache serves and is invalidated again.
          await until(async () => (await served(client, () => client.get(key))).hit);
          const seen = nextInvalidation(client, forKey(key));
          await writer.set(key, "3");
          await seen;
          assert.equal(await client.get(key), "3");
        });
      }

      it("a slot migration: MIGRATE invalidates what moves, the MOVED that follows empties the cache", async () => {
        const client = await caching();
        const kept = `{${p}migrate}kept`;
        const absent = `{${p}migrate}absent`;
        const slot = slotOf(kept);
        await writer.set(kept, "1");
        assert.equal(await client.get(kept), "1");
        assert.equal(await client.get(absent), null);
        assert.equal((await served(client, () => client.get(kept))).hit, true);
        assert.equal((await served(client, () => client.get(absent))).hit, true);
        const source = await ownerOfSlot(cluster, slot);
        const target = await otherMaster(cluster, source);
        await startMigration(slot, source, target);
        // MIGRATE deletes the key on the source, which invalidates it; the absent key is not told.
        const migrated = nextInvalidation(client, forKey(kept));
        await direct(
          source,
          (c) =>
            c.sendCommand([
              "MIGRATE",
              "127.0.0.1",
              target.server.port,
              "",
              0,
              5000,
              "KEYS",
              kept,
            ]),
        );
        await migrated;
        await finishMigration(cluster, slot, source, target);
        await writer.set(kept, "2");
        await writer.set(absent, "created");
        // The client's map still says source: its next read there meets MOVED, which empties the
        // cache before that read is answered (from the target), and before the next one.
        const moved = nextInvalidation(client, emptied("topology"));
        assert.deepEqual(await served(client, () => client.get(kept)), { value: "2", hit: false });
        assert.deepEqual(await served(client, () => client.get(absent)), {
          value: "created",
          hit: false,
        });
        await moved;
        // Tracked on the target now. (The refresh the MOVED started may still find a node that
        // has not learned the move and empty the cache once more: wait for a hit, not the first.)
        await until(async () => (await served(client, () => client.get(kept))).hit);
        const seen = nextInvalidation(client, forKey(kept));
        await writer.set(kept, "3");
        await seen;
        assert.equal(await client.get(kept), "3");
      });

      it("a slot being migrated: the client's own command meeting ASK empties the cache", async () => {
        const client = await caching();
        const absent = `{${p}ask}absent`;
        const slot = slotOf(absent);
        assert.equal(await client.get(absent), null);
        assert.equal((await served(client, () => client.get(absent))).hit, true);
        const source = await ownerOfSlot(cluster, slot);
        const target = await otherMaster(cluster, source);
        await startMigration(slot, source, target);
        try {
          // Another client creates the key on the target (ASK): no node invalidates it for us.
          await writer.set(absent, "created");
          const asked = nextInvalidation(client, emptied("topology"));
          await client.set(`{${p}ask}new`, "x");
          assert.equal(statsOf(client).entries, 0);
          assert.deepEqual(await served(client, () => client.get(absent)), {
            value: "created",
            hit: false,
          });
          await asked;
          // Read through ASK: not kept.
          assert.equal((await served(client, () => client.get(absent))).hit, false);
        } finally {
          for (const key of [absent, `{${p}ask}new`]) {
            await direct(target, (c) => c.pipeline().sendCommand(["ASKING"]).del(key).exec());
          }
          await finishMigration(cluster, slot, source, target);
        }
      });

      it("a refreshed slot map with another owner for a slot empties the cache", async () => {
        const client = await caching();
        const absent = `{${p}refresh}absent`;
        const slot = slotOf(absent);
        const other = `${p}refresh-other`;
        await writer.set(other, "1");
        assert.equal(await client.get(other), "1");
        // A key that does not exist: moving its slot invalidates nothing (Redis sends nothing).
        assert.equal(await client.get(absent), null);
        assert.equal((await served(client, () => client.get(absent))).hit, true);
        const source = await ownerOfSlot(cluster, slot);
        const target = await otherMaster(cluster, source);
        await startMigration(slot, source, target);
        await finishMigration(cluster, slot, source, target);
        await writer.set(absent, "created");
        const refreshed = nextInvalidation(client, emptied("topology"));
        await client.refresh(); // what the periodic refresh (refreshInterval) does
        assert.equal(statsOf(client).entries, 0);
        assert.deepEqual(await served(client, () => client.get(absent)), {
          value: "created",
          hit: false,
        });
        await refreshed;
        // A refresh that changes nothing keeps the cache.
        assert.equal(await client.get(other), "1");
        const entries = statsOf(client).entries;
        let topologyEvents = 0;
        client.events.addEventListener("invalidate", (event) => {
          if (event.cause === "topology") topologyEvents++;
        });
        await client.refresh();
        assert.equal(topologyEvents, 0);
        assert.equal(statsOf(client).entries, entries);
      });

      it("with({ cache: false }) and sendCommand(args, { cache: false }) read past the cache", async () => {
        const client = await caching();
        const [key, fresh] = await keysOnMasters(`${p}past:`, 2);
        await writer.set(key, "1");
        await writer.set(fresh, "1");
        assert.equal(await client.get(key), "1");
        const before = statsOf(client);
        const past = client.with({ cache: false });
        assert.equal(await past.get(key), "1");
        assert.equal(await past.get(fresh), "1");
        assert.deepEqual(await past.mget(key, fresh), ["1", "1"]);
        assert.equal(await client.sendCommand(["GET", fresh], { cache: false }), "1");
        assert.equal(await client.bytes.with({ cache: false }).strlen(fresh), 1);
        const after = statsOf(client);
        assert.equal(after.hits, before.hits, "nothing answered from memory");
        assert.equal(after.entries, before.entries, "nothing kept");
        assert.equal((await served(client, () => client.get(key))).hit, true);
      });

      it("pipelines and multi() neither answer from the cache nor fill it", async () => {
        const client = await caching();
        const [key, fresh] = await keysOnMasters(`${p}batch:`, 2);
        const tagged = `{${key}}:n`;
        await writer.set(key, "1");
        await writer.set(fresh, "1");
        assert.equal(await client.get(key), "1");
        const before = statsOf(client);
        assert.deepEqual(await client.pipeline().get(key).get(fresh).strlen(fresh).exec(), [
          "1",
          "1",
          1,
        ]);
        assert.deepEqual(await client.multi().get(key).set(tagged, "t").get(tagged).exec(), [
          "1",
          "OK",
          "t",
        ]);
        const after = statsOf(client);
        assert.equal(after.hits, before.hits);
        assert.equal(after.entries, before.entries);
        // The transaction's write (on the key's node) is seen by the next single read.
        assert.equal(await client.get(tagged), "t");
      });

      it('"optin" caches only the reads made through with({ cache: true })', async () => {
        const client = await caching({ cache: { mode: "optin" } });
        const key = `${p}optin`;
        await writer.set(key, "1");
        assert.equal(await client.get(key), "1");
        assert.equal(await client.get(key), "1");
        assert.equal(statsOf(client).entries, 0, "plain reads are not cached");
        const opted = client.with({ cache: true });
        assert.deepEqual(await served(client, () => opted.get(key)), { value: "1", hit: false });
        assert.deepEqual(await served(client, () => opted.get(key)), { value: "1", hit: true });
        const seen = nextInvalidation(client, forKey(key));
        await writer.set(key, "2");
        await seen;
        assert.equal(await opted.get(key), "2");
      });

      it("broadcast prefixes: each master announces every change under them", async () => {
        const client = await caching({ cache: { mode: { broadcast: [`${p}bcast:`] } } });
        const [first, second] = await keysOnMasters(`${p}bcast:`, 2);
        for (const key of [first, second]) {
          await writer.set(key, "1");
          assert.equal(await client.get(key), "1");
          assert.equal((await served(client, () => client.get(key))).hit, true);
          const seen = nextInvalidation(client, forKey(key));
          await writer.set(key, "2");
          await seen;
          assert.equal(await client.get(key), "2");
        }
        await writer.set(`${p}elsewhere`, "1");
        await client.get(`${p}elsewhere`);
        assert.equal((await served(client, () => client.get(`${p}elsewhere`))).hit, false);
      });
    });
  }
});
