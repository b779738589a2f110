/**
 * The command surface: every command declared once, for every executor.
 *
 * @module
 */
export * from "./command_base.ts";
export * from "./connection.ts";
export * from "./generic.ts";
export * from "./string.ts";
export * from "./bitmap.ts";
export * from "./hash.ts";
export * from "./list.ts";
export * from "./set.ts";
export * from "./sorted_set.ts";
export * from "./hyperloglog.ts";
export * from "./geo.ts";
export * from "./stream.ts";
export * from "./scripting.ts";
export * from "./pubsub.ts";
export * from "./transactions.ts";
export * from "./server.ts";
export * from "./acl.ts";
export * from "./server_introspection.ts";
export * from "./cluster.ts";
export * from "./commands.ts";

export type { Integer } from "./replies.ts";
