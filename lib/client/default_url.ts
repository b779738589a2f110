/**
 * The default connection URL from the environment: `REDIS_URL`, else
 * `VALKEY_URL`. On Deno it is read only when env access to that variable is
 * already granted (the permission is queried, never requested: no prompt);
 * on Bun and Node from `process.env`.
 *
 * @module
 */
import { DataError } from "../errors/errors.ts";
import { parseRedisUrl, type UrlOptions } from "./redis_url.ts";

/** The variables read, in order. */
const VARIABLES = ["REDIS_URL", "VALKEY_URL"] as const;

interface DenoEnv {
  permissions: { querySync(descriptor: { name: "env"; variable: string }): { state: string } };
  env: { get(name: string): string | undefined };
}

/** The value of `name`, when set, non-empty and readable without asking. */
function readVariable(name: string): string | undefined {
  const runtime = globalThis as {
    Deno?: DenoEnv;
    process?: { env?: Record<string, string | undefined> };
  };
  let value: string | undefined;
  if (runtime.Deno !== undefined) {
    try {
      if (runtime.Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
        return undefined;
      }
      value = runtime.Deno.env.get(name);
    } catch {
      return undefined;
    }
  } else {
    value = runtime.process?.env?.[name];
  }
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The options of the first of `REDIS_URL` and `VALKEY_URL` that is set
 * (and readable without a permission prompt), with the variable's name;
 * `undefined` when neither is. A malformed URL is a {@link DataError} naming
 * the variable, never showing its value.
 *
 * @example
 * ```ts
 * // REDIS_URL=redis://cache.internal:6380/1
 * defaultUrlOptions(); // { variable: "REDIS_URL", options: { host: "cache.internal", port: 6380, db: 1 } }
 * ```
 */
export function defaultUrlOptions(): { variable: string; options: UrlOptions } | undefined {
  for (const variable of VARIABLES) {
    const url = readVariable(variable);
    if (url === undefined) continue;
    try {
      return { variable, options: parseRedisUrl(url) };
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      // The parser's messages name the part that is wrong, never its text.
      throw new DataError(`${variable}: ${error.message.replace(/^url: /, "")}`);
    }
  }
  return undefined;
}
