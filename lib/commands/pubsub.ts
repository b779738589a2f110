/**
 * Pub/sub commands on the publishing side: PUBLISH, SPUBLISH, PUBSUB …
 * (subscribing is `redis.subscribe()`: it needs a connection of its own).
 *
 * @module
 */
import type { RedisArg } from "../resp/types.ts";
import { count, recordOf } from "./admin_shapes.ts";
import { CommandBase, type Mode, type Reply, type Text } from "./command_base.ts";
import { toCount } from "./replies.ts";
import { toStrings } from "./transforms.ts";

/** `[channel, count, …]` (RESP2) or a map → `{ channel: count }`, without prototype. */
const toChannelCounts = recordOf(count);

/**
 * Commands that publish messages and inspect channels.
 *
 * @example
 * ```ts
 * await redis.publish("news", "hello"); // 2: two subscribers got it
 * ```
 */
export abstract class PubSubCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Send `message` to the subscribers of `channel`; returns how many got it.
   *
   * @example
   * ```ts
   * await redis.publish("news", "hello"); // 2
   * ```
   */
  publish(channel: RedisArg, message: RedisArg): Reply<M, number, this> {
    return this.call(["PUBLISH", channel, message], toCount);
  }

  /**
   * Send `message` to the subscribers of the shard channel `channel` (Redis 7+).
   *
   * @example
   * ```ts
   * await redis.spublish("orders:{eu}", "o-1"); // 1
   * ```
   */
  spublish(channel: RedisArg, message: RedisArg): Reply<M, number, this> {
    return this.call(["SPUBLISH", channel, message], toCount);
  }

  /**
   * The channels with subscribers (matching `pattern`, when given).
   *
   * @example
   * ```ts
   * await redis.pubsubChannels("news.*"); // ["news.world"]
   * ```
   */
  pubsubChannels(pattern?: RedisArg): Reply<M, string[], this> {
    return this.call(
      pattern === undefined ? ["PUBSUB", "CHANNELS"] : ["PUBSUB", "CHANNELS", pattern],
      toStrings,
    );
  }

  /**
   * The number of subscribers of each channel, as a record without prototype.
   *
   * @example
   * ```ts
   * await redis.pubsubNumsub("news", "sport"); // { news: 2, sport: 0 }
   * ```
   */
  pubsubNumsub(...channels: RedisArg[]): Reply<M, Record<string, number>, this> {
    return this.call(["PUBSUB", "NUMSUB", ...channels], toChannelCounts);
  }

  /**
   * How many pattern subscriptions exist (all clients together).
   *
   * @example
   * ```ts
   * await redis.pubsubNumpat(); // 1
   * ```
   */
  pubsubNumpat(): Reply<M, number, this> {
    return this.call(["PUBSUB", "NUMPAT"], toCount);
  }

  /**
   * The shard channels with subscribers (matching `pattern`, when given).
   *
   * @example
   * ```ts
   * await redis.pubsubShardchannels(); // ["orders:{eu}"]
   * ```
   */
  pubsubShardchannels(pattern?: RedisArg): Reply<M, string[], this> {
    return this.call(
      pattern === undefined ? ["PUBSUB", "SHARDCHANNELS"] : ["PUBSUB", "SHARDCHANNELS", pattern],
      toStrings,
    );
  }

  /**
   * The number of subscribers of each shard channel, as a record without prototype.
   *
   * @example
   * ```ts
   * await redis.pubsubShardnumsub("orders:{eu}"); // { "orders:{eu}": 1 }
   * ```
   */
  pubsubShardnumsub(...channels: RedisArg[]): Reply<M, Record<string, number>, this> {
    return this.call(["PUBSUB", "SHARDNUMSUB", ...channels], toChannelCounts);
  }

  /**
   * Help text of the PUBSUB command, one line per element.
   *
   * @example
   * ```ts
   * (await redis.pubsubHelp())[0]; // "PUBSUB <subcommand> [<arg> ..."
   * ```
   */
  pubsubHelp(): Reply<M, string[], this> {
    return this.call(["PUBSUB", "HELP"], toStrings);
  }
}
