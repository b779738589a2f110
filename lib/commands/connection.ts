/**
 * Connection commands: PING, ECHO.
 *
 * @module
 */
import { CommandBase, type Mode, type Reply, type Text } from "./command_base.ts";

/**
 * Commands about the connection itself.
 *
 * @example
 * ```ts
 * await redis.ping(); // "PONG"
 * ```
 */
export abstract class ConnectionCommands<M extends Mode, S extends Text> extends CommandBase<M, S> {
  /**
   * Check the connection: `"PONG"`, or `message` back when given.
   *
   * @example
   * ```ts
   * await redis.ping(); // "PONG"
   * await redis.ping("hi"); // "hi"
   * ```
   */
  ping(message?: Text): Reply<M, S, this> {
    return this.call(message === undefined ? ["PING"] : ["PING", message]);
  }

  /**
   * Return `message` unchanged.
   *
   * @example
   * ```ts
   * await redis.echo("hello"); // "hello"
   * ```
   */
  echo(message: Text): Reply<M, S, this> {
    return this.call(["ECHO", message]);
  }
}
