/**
 * The command surface: every command declared once, for every executor.
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { ClusterCommands } from "./cluster.ts";

export * from "./command_base.ts";
export type { ExpireCondition } from "./generic.ts";
export type { SetCondition, SetExpiry, SetOptions } from "./string.ts";
export type { ScoredMember, ZAddOptions, ZMember, ZRangeOptions } from "./sorted_set.ts";
export type { InfoSections } from "./server.ts";
export { ConnectionCommands } from "./connection.ts";
export { GenericCommands } from "./generic.ts";
export { StringCommands } from "./string.ts";
export { BitmapCommands } from "./bitmap.ts";
export { HashCommands } from "./hash.ts";
export { ListCommands } from "./list.ts";
export { SetCommands } from "./set.ts";
export { SortedSetCommands } from "./sorted_set.ts";
export { HyperLogLogCommands } from "./hyperloglog.ts";
export { GeoCommands } from "./geo.ts";
export { StreamCommands } from "./stream.ts";
export { ScriptingCommands } from "./scripting.ts";
export { PubSubCommands } from "./pubsub.ts";
export { ServerCommands } from "./server.ts";
export { AclCommands } from "./acl.ts";
export { ServerIntrospectionCommands } from "./server_introspection.ts";
export { ClusterCommands } from "./cluster.ts";

/**
 * Every command, for an executor of mode `M` whose strings are `S`. Executors
 * extend this class and implement `call`.
 *
 * @example
 * ```ts
 * class MyExecutor extends Commands<"async", string> {
 *   protected call(args: RedisArg[]) { return connection.send(args) as never; }
 * }
 * ```
 */
export abstract class Commands<M extends Mode, S extends Text> extends ClusterCommands<M, S> {}
