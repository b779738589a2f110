/**
 * Evidence of what reached the server: its command statistics (`CONFIG
 * RESETSTAT`, then `INFO commandstats`), for tests that assert a refused
 * call sent nothing.
 *
 * @module
 */

/** Anything that sends a command as an array: a `Redis`, a pooled connection, a view. */
export interface CommandSender {
  /** Send `args` as one command; resolves with the reply. */
  sendCommand(args: readonly string[]): Promise<unknown>;
}

/**
 * Reset the server's command statistics (`CONFIG RESETSTAT`): from here on,
 * {@link sentCommands} lists what is sent (the reset itself included, as
 * `config|resetstat`).
 *
 * @example
 * ```ts
 * await resetSentCommands(redis);
 * assert.throws(() => redis.set("k", "v", { EX: 60 } as never), DataError);
 * assert.deepEqual([...(await sentCommands(redis)).keys()], ["config|resetstat"]);
 * ```
 */
export async function resetSentCommands(redis: CommandSender): Promise<void> {
  await redis.sendCommand(["CONFIG", "RESETSTAT"]);
}

/**
 * The commands the server ran since the last {@link resetSentCommands}, as
 * `INFO commandstats` names them (`lrange`, `xgroup|create`), each with its
 * number of calls, in the order the server lists them. The `INFO` that asks
 * is not among them.
 *
 * @example
 * ```ts
 * await resetSentCommands(redis);
 * await redis.lrange("l", 0, -1);
 * assert.equal((await sentCommands(redis)).get("lrange"), 1);
 * ```
 */
export async function sentCommands(redis: CommandSender): Promise<Map<string, number>> {
  const stats = String(await redis.sendCommand(["INFO", "commandstats"]));
  const sent = new Map<string, number>();
  for (const [, name, calls] of stats.matchAll(/^cmdstat_([^:]+):(?:calls=(\d+))?/gm)) {
    sent.set(name, Number(calls ?? NaN));
  }
  return sent;
}
