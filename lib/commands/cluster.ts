/**
 * Cluster commands: CLUSTER …, READONLY, READWRITE, ASKING.
 *
 * @module
 */
import type { Mode, Text } from "./command_base.ts";
import { ServerIntrospectionCommands } from "./server_introspection.ts";

/**
 * Commands about Redis Cluster.
 *
 * @example
 * ```ts
 * await redis.clusterInfo(); // { cluster_state: "ok", … }
 * ```
 */
export abstract class ClusterCommands<M extends Mode, S extends Text>
  extends ServerIntrospectionCommands<M, S> {
}
