import assert from "node:assert/strict";
import { it } from "node:test";
import { DataError, WrongTypeError } from "../mod.ts";
import { describeEachClient } from "./support/per_protocol.ts";

const near = (actual: number | undefined, expected: number, tolerance = 0.01) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) < tolerance,
    `${actual} ≉ ${expected}`,
  );

describeEachClient("geo commands", (ctx) => {
  const seed = () =>
    ctx.redis.geoadd(
      "sicily",
      { longitude: 13.361389, latitude: 38.115556, member: "Palermo" },
      { longitude: 15.087269, latitude: 37.502669, member: "Catania" },
    );

  it("GEOADD with options, GEOPOS, GEODIST, GEOHASH", async () => {
    assert.equal(await seed(), 2);
    assert.equal(
      await ctx.redis.geoadd("sicily", { xx: true, ch: true }, {
        longitude: 13.361389,
        latitude: 38.2,
        member: "Palermo",
      }),
      1,
    );
    const [palermo, missing] = await ctx.redis.geopos("sicily", "Palermo", "nowhere");
    near(palermo?.longitude, 13.361389);
    near(palermo?.latitude, 38.2);
    assert.equal(missing, null);
    near((await ctx.redis.geodist("sicily", "Palermo", "Catania", "km"))!, 170.26, 0.1);
    assert.equal(await ctx.redis.geodist("sicily", "Palermo", "nowhere"), null);
    const [hash] = await ctx.redis.geohash("sicily", "Catania");
    assert.equal(hash, "sqdtr74hyu0");
    assert.throws(
      () => ctx.redis.geoadd("sicily", { longitude: NaN, latitude: 0, member: "x" }),
      DataError,
    );
  });

  it("GEOSEARCH by radius and box, with distances, hashes and coordinates; GEOSEARCHSTORE", async () => {
    await seed();
    const center = { longitude: 15, latitude: 37 };
    assert.deepEqual(
      await ctx.redis.geosearch("sicily", {
        from: center,
        by: { radius: 200, unit: "km" },
        order: "asc",
      }),
      ["Catania", "Palermo"],
    );
    const matches = await ctx.redis.geosearch(
      "sicily",
      {
        from: { member: "Palermo" },
        by: { width: 400, height: 400, unit: "km" },
        order: "asc",
        count: 1,
      },
      { withdist: true, withhash: true, withcoord: true },
    );
    assert.equal(matches.length, 1);
    assert.equal(matches[0].member, "Palermo");
    near(matches[0].distance, 0);
    assert.ok(Number.isInteger(matches[0].hash));
    near(matches[0].longitude, 13.361389);
    assert.equal(
      await ctx.redis.geosearchstore("found", "sicily", {
        from: center,
        by: { radius: 200, unit: "km" },
      }, {
        storedist: true,
      }),
      2,
    );
    near((await ctx.redis.zscore("found", "Catania"))!, 56.44, 0.1);
    assert.throws(
      () =>
        ctx.redis.geosearch("sicily", {
          from: center,
          by: { radius: 1, unit: "lightyears" as "km" },
        }),
      DataError,
    );
  });

  it("the deprecated GEORADIUS family", async () => {
    await seed();
    assert.deepEqual(
      await ctx.redis.georadius("sicily", 15, 37, 200, "km", { order: "asc" }),
      ["Catania", "Palermo"],
    );
    assert.deepEqual(await ctx.redis.georadiusRo("sicily", 15, 37, 100, "km"), ["Catania"]);
    const byMember = await ctx.redis.georadiusbymember("sicily", "Palermo", 200, "km", {
      withdist: true,
      order: "asc",
    });
    assert.deepEqual(byMember.map((match) => match.member), ["Palermo", "Catania"]);
    near(byMember[1].distance, 166.27, 0.5);
    assert.deepEqual(await ctx.redis.georadiusbymemberRo("sicily", "Palermo", 10, "km"), [
      "Palermo",
    ]);
  });

  it("GEORADIUS with STORE saves the members with their positions and returns the count", async () => {
    await seed();
    assert.equal(await ctx.redis.georadius("sicily", 15, 37, 200, "km", { store: "near" }), 2);
    const [palermo] = await ctx.redis.geopos("near", "Palermo");
    near(palermo?.longitude, 13.361389, 0.0001);
    near(palermo?.latitude, 38.115556, 0.0001);
    assert.equal(
      await ctx.redis.georadius("sicily", 15, 37, 100, "km", { store: "near", count: 1 }),
      1,
    );
    assert.deepEqual(await ctx.redis.zrange("near", 0, -1), ["Catania"]);
    assert.equal(await ctx.redis.georadius("sicily", 0, 0, 1, "km", { store: "none" }), 0);
    assert.equal(await ctx.redis.exists("none"), 0);
  });

  it("GEORADIUS with STOREDIST saves the distances as scores and returns the count", async () => {
    await seed();
    assert.equal(
      await ctx.redis.georadius("sicily", 15, 37, 200, "km", { storedist: "dist", order: "asc" }),
      2,
    );
    const scored = await ctx.redis.zrange("dist", 0, -1, { withscores: true });
    assert.deepEqual(scored.map(({ member }) => member), ["Catania", "Palermo"]);
    near(scored[0].score, 56.44, 0.1);
    near(scored[1].score, 190.44, 0.1);
  });

  it("GEORADIUSBYMEMBER with STORE and STOREDIST returns the count", async () => {
    await seed();
    assert.equal(
      await ctx.redis.georadiusbymember("sicily", "Palermo", 200, "km", { store: "near" }),
      2,
    );
    assert.deepEqual((await ctx.redis.zrange("near", 0, -1)).sort(), ["Catania", "Palermo"]);
    assert.equal(
      await ctx.redis.georadiusbymember("sicily", "Palermo", 200, "km", { storedist: "dist" }),
      2,
    );
    near((await ctx.redis.zscore("dist", "Catania")) ?? undefined, 166.27, 0.5);
    assert.equal(await ctx.redis.zscore("dist", "Palermo"), 0);
  });

  it("GEORADIUS store options that cannot go together throw DataError and send nothing", async () => {
    await seed();
    const radius = (options: object) => () =>
      ctx.redis.georadius("sicily", 15, 37, 200, "km", options as never);
    const byMember = (options: object) => () =>
      ctx.redis.georadiusbymember("sicily", "Palermo", 200, "km", options as never);
    for (const call of [radius, byMember]) {
      assert.throws(
        call({ store: "a", storedist: "b" }),
        /options store and storedist cannot be combined/,
      );
      assert.throws(
        call({ store: "a", withdist: true }),
        /options store and withdist cannot be combined/,
      );
      assert.throws(
        call({ storedist: "a", withcoord: true }),
        /options storedist and withcoord cannot be combined/,
      );
      assert.throws(call({ store: "a", any: true }), /option any needs count/);
      assert.throws(call({ store: Object.create(null) }), /got an object without prototype/);
    }
    assert.throws(
      () => ctx.redis.georadiusRo("sicily", 15, 37, 200, "km", { store: "a" } as never),
      /georadiusRo: option store is not allowed/,
    );
    assert.throws(
      () =>
        ctx.redis.georadiusbymemberRo("sicily", "Palermo", 1, "km", { storedist: "a" } as never),
      /georadiusbymemberRo: option storedist is not allowed/,
    );
    assert.deepEqual((await ctx.redis.keys("*")).sort(), ["sicily"]);
  });

  it("GEOSEARCH with both kinds of center or both kinds of area throws DataError", () => {
    const from = { member: "Palermo", longitude: 15, latitude: 37 };
    assert.throws(
      () =>
        ctx.redis.geosearch("sicily", {
          from: from as never,
          by: { radius: 1, unit: "km" },
        }),
      /geosearch from: options member and longitude cannot be combined/,
    );
    assert.throws(
      () =>
        ctx.redis.geosearchstore("d", "sicily", {
          from: { member: "Palermo" },
          by: { radius: 1, width: 2, height: 2, unit: "km" } as never,
        }),
      /geosearchstore by: options radius and width cannot be combined/,
    );
    assert.throws(
      () =>
        ctx.redis.geosearch("sicily", {
          from: { member: "Palermo" },
          by: { radius: 1, unit: "km" },
          order: "up" as never,
        }),
      /geosearch order: expected "asc" or "desc", got the string "up"/,
    );
  });

  it("geo commands on a string key give WrongTypeError", async () => {
    await ctx.redis.set("s", "v");
    await assert.rejects(
      ctx.redis.geoadd("s", { longitude: 1, latitude: 1, member: "m" }),
      WrongTypeError,
    );
    await assert.rejects(ctx.redis.geopos("s", "m"), WrongTypeError);
    await assert.rejects(ctx.redis.geodist("s", "a", "b"), WrongTypeError);
  });
});
