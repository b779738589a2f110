/**
 * What `console.log(redis)`, `Deno.inspect`, `node:util`'s `inspect` and
 * `Bun.inspect` show of a client: a short summary (address, database,
 * status), never its internals. Secrets are out of reach anyway (a password
 * lives only in a closure); the summary keeps the output readable.
 *
 * @module
 */

/** `Deno.inspect`'s hook. */
const DENO_INSPECT = Symbol.for("Deno.customInspect");
/** `node:util`'s hook; Bun's inspector honours it too. */
const NODE_INSPECT = Symbol.for("nodejs.util.inspect.custom");

type Inspect = (value: unknown, options?: unknown) => string;

/**
 * Make instances of `constructor` inspect as `Name { …summary }`.
 *
 * @example
 * ```ts
 * inspectAs(Redis, (redis) => ({ address: "127.0.0.1:6379", db: 0 }));
 * Deno.inspect(redis); // 'Redis { address: "127.0.0.1:6379", db: 0 }'
 * ```
 */
export function inspectAs<T extends object>(
  constructor: abstract new (...args: never[]) => T,
  summary: (self: T) => Record<string, unknown>,
): void {
  const show = (self: T, inspect: Inspect | undefined, options: unknown): string => {
    const fields = summary(self);
    const name = self.constructor?.name ?? constructor.name;
    if (inspect === undefined) return `${name} ${JSON.stringify(fields)}`;
    return `${name} ${inspect(fields, options)}`;
  };
  Object.defineProperty(constructor.prototype, DENO_INSPECT, {
    configurable: true,
    writable: true,
    value(this: T, inspect: Inspect, options: unknown): string {
      return show(this, inspect, options);
    },
  });
  Object.defineProperty(constructor.prototype, NODE_INSPECT, {
    configurable: true,
    writable: true,
    value(this: T, _depth: number, options: unknown, inspect?: Inspect): string {
      return show(this, inspect, options);
    },
  });
}
