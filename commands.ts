/**
 * The building blocks behind the clients' types, for reading a command
 * group's documentation, naming a group in a signature, or writing an
 * executor of your own: the twenty command groups, `CommandBase` and the
 * composed `Commands`, the reply machinery (`Reply`, `Mode`, `Transform`),
 * and the bases of pipelines and scripts. Types only: programs use the
 * clients of `mod.ts` and `sync.ts`.
 *
 * @example
 * ```ts
 * import type { HashCommands } from "@keel/redis/commands";
 * import { Redis } from "@keel/redis";
 *
 * // Anything with the hash commands on promises: the client, a with() view, a borrowed connection.
 * async function visits(hashes: HashCommands<"async", string>): Promise<number> {
 *   return Number(await hashes.hincrby("stats", "visits", 1));
 * }
 * await visits(new Redis());
 * ```
 *
 * @module
 */
export type {
  CommandBase,
  Mode,
  RedisKey,
  Reply,
  ReplyByMode,
  Text,
  Transform,
} from "./lib/commands/command_base.ts";
export type { Commands } from "./lib/commands/commands.ts";
export type { AclCommands } from "./lib/commands/acl.ts";
export type { BitmapCommands } from "./lib/commands/bitmap.ts";
export type { ClusterCommands } from "./lib/commands/cluster.ts";
export type { ConnectionCommands } from "./lib/commands/connection.ts";
export type { GenericCommands } from "./lib/commands/generic.ts";
export type { GeoCommands } from "./lib/commands/geo.ts";
export type { HashCommands } from "./lib/commands/hash.ts";
export type { HyperLogLogCommands } from "./lib/commands/hyperloglog.ts";
export type { ListCommands } from "./lib/commands/list.ts";
export type { PubSubCommands } from "./lib/commands/pubsub.ts";
export type { ScriptingCommands } from "./lib/commands/scripting.ts";
export type { ServerCommands } from "./lib/commands/server.ts";
export type { ServerIntrospectionCommands } from "./lib/commands/server_introspection.ts";
export type { SetCommands } from "./lib/commands/set.ts";
export type { SortedSetCommands } from "./lib/commands/sorted_set.ts";
export type { StreamCommands } from "./lib/commands/stream.ts";
export type { StringCommands } from "./lib/commands/string.ts";
export type { TransactionCommands } from "./lib/commands/transactions.ts";
export type { BatchResults, Chained, ChainKind } from "./lib/commands/chain.ts";
export type * from "./lib/commands/public_types.ts";
export type { QueuedCommands } from "./lib/client/queued_commands.ts";
export type { ScriptSource } from "./lib/client/script_source.ts";
export type { SubscriptionOwner } from "./lib/client/subscription.ts";
