/**
 * Records as keel builds them: objects without prototype, for comparing
 * replies with `assert.deepStrictEqual` (which compares prototypes).
 *
 * @module
 */

/**
 * `fields` as an object without prototype, as keel returns records.
 *
 * @example
 * ```ts
 * assert.deepStrictEqual(await redis.configGet("maxmemory"), record({ maxmemory: "0" }));
 * ```
 */
export function record<T extends object>(fields: T): T {
  return Object.assign(Object.create(null), fields);
}
