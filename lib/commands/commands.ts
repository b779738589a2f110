/**
 * Every command group composed into one class, `Commands`, that executors
 * extend. Each group stands on `CommandBase` alone (it can be read, tested and
 * reused by itself); this file is the one place that puts them together.
 *
 * @module
 */
import { AclCommands } from "./acl.ts";
import { BitmapCommands } from "./bitmap.ts";
import { ClusterCommands } from "./cluster.ts";
import { CommandBase, type Mode, type Text } from "./command_base.ts";
import { ConnectionCommands } from "./connection.ts";
import { GenericCommands } from "./generic.ts";
import { GeoCommands } from "./geo.ts";
import { HashCommands } from "./hash.ts";
import { HyperLogLogCommands } from "./hyperloglog.ts";
import { ListCommands } from "./list.ts";
import { PubSubCommands } from "./pubsub.ts";
import { ScriptingCommands } from "./scripting.ts";
import { ServerCommands } from "./server.ts";
import { ServerIntrospectionCommands } from "./server_introspection.ts";
import { SetCommands } from "./set.ts";
import { SortedSetCommands } from "./sorted_set.ts";
import { StreamCommands } from "./stream.ts";
import { StringCommands } from "./string.ts";
import { TransactionCommands } from "./transactions.ts";

/**
 * The methods of every command group, for an executor of mode `M` whose
 * strings are `S` (the type half of {@link Commands}).
 *
 * @example
 * ```ts
 * function greet(redis: Commands<"async", string>) {
 *   return redis.set("greeting", "hello");
 * }
 * ```
 */
export interface Commands<M extends Mode, S extends Text>
  extends
    ConnectionCommands<M, S>,
    GenericCommands<M, S>,
    StringCommands<M, S>,
    BitmapCommands<M, S>,
    HashCommands<M, S>,
    ListCommands<M, S>,
    SetCommands<M, S>,
    SortedSetCommands<M, S>,
    HyperLogLogCommands<M, S>,
    GeoCommands<M, S>,
    StreamCommands<M, S>,
    ScriptingCommands<M, S>,
    PubSubCommands<M, S>,
    TransactionCommands<M, S>,
    ServerCommands<M, S>,
    AclCommands<M, S>,
    ServerIntrospectionCommands<M, S>,
    ClusterCommands<M, S> {}

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
export abstract class Commands<M extends Mode, S extends Text> extends CommandBase<M, S> {}

/** The groups composed into `Commands`, in the order of the interface above. */
const GROUPS = [
  ConnectionCommands,
  GenericCommands,
  StringCommands,
  BitmapCommands,
  HashCommands,
  ListCommands,
  SetCommands,
  SortedSetCommands,
  HyperLogLogCommands,
  GeoCommands,
  StreamCommands,
  ScriptingCommands,
  PubSubCommands,
  TransactionCommands,
  ServerCommands,
  AclCommands,
  ServerIntrospectionCommands,
  ClusterCommands,
];

/** Copy each group's methods onto `Commands.prototype`; a name defined by two groups is a bug. */
function compose(): void {
  const owner = new Map<string | symbol, string>();
  for (const group of GROUPS) {
    if (Object.getPrototypeOf(group.prototype) !== CommandBase.prototype) {
      throw new Error(`${group.name} must extend CommandBase directly`);
    }
    for (const name of Reflect.ownKeys(group.prototype)) {
      if (name === "constructor") continue;
      const other = owner.get(name);
      if (other !== undefined) {
        throw new Error(`${group.name} and ${other} both define ${String(name)}`);
      }
      owner.set(name, group.name);
      const descriptor = Object.getOwnPropertyDescriptor(group.prototype, name)!;
      Object.defineProperty(Commands.prototype, name, descriptor);
    }
  }
}

compose();
