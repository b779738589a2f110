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
    }) as { member: string; distance?: number }[];
    assert.deepEqual(byMember.map((match) => match.member), ["Palermo", "Catania"]);
    near(byMember[1].distance, 166.27, 0.5);
    assert.deepEqual(await ctx.redis.georadiusbymemberRo("sicily", "Palermo", 10, "km"), [
      "Palermo",
    ]);
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
