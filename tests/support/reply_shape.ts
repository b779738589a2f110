/**
 * Reply shapes: a deep comparison of two replies by kind (string, number,
 * `Map`, record, array, …) rather than by value, and a recorder that wraps a
 * client and keeps every reply its command methods give, so that the same
 * tests run over RESP2 and RESP3 can be checked for replies that differ in
 * shape (tests/support/per_protocol.ts).
 *
 * @module
 */

/** One place where two replies differ in shape. */
export interface ShapeDifference {
  /** Where, inside the reply: `""` for the reply itself, else e.g. `.engines.LUA`, `[0].flags`. */
  path: string;
  /** The first reply's shape there (RESP2's). */
  left: string;
  /** The second reply's shape there (RESP3's). */
  right: string;
}

/**
 * The kind of a value, as the shape check tells kinds apart: `string`,
 * `number`, `bigint`, `boolean`, `null`, `undefined`, `bytes` (any
 * `Uint8Array`), `array`, `Map`, `record` (a plain or null-prototype object:
 * the same kind), `error <Class>`, `Date`, `iterator`, `function`, or
 * `<Class> instance` for other class instances.
 *
 * @example
 * ```ts
 * kindOf(Object.create(null)); // "record"
 * kindOf(new Map()); // "Map"
 * ```
 */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "number":
    case "bigint":
    case "boolean":
    case "undefined":
    case "function":
    case "symbol":
      return typeof value;
  }
  if (Array.isArray(value)) return "array";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Map) return "Map";
  if (value instanceof Set) return "Set";
  if (value instanceof Date) return "Date";
  if (value instanceof Error) return `error ${value.constructor.name}`;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === null || prototype === Object.prototype) return "record";
  const object = value as object;
  if (Symbol.asyncIterator in object || Symbol.iterator in object) return "iterator";
  const name = (prototype.constructor as { name?: string } | undefined)?.name;
  return `${name || "anonymous"} instance`;
}

/**
 * A short description of a value's shape, for difference reports: scalars
 * with their value (`number 1.5`, `string "1.5"`), aggregates with their
 * keys or element kinds (`Map{engines, running_script}`, `array(3) of string`).
 *
 * @example
 * ```ts
 * describeShape(new Map([["a", 1]])); // "Map{a}"
 * describeShape([1, "x"]); // "array(2) of number|string"
 * ```
 */
export function describeShape(value: unknown): string {
  const kind = kindOf(value);
  switch (kind) {
    case "string":
      return `string ${JSON.stringify(clip(value as string))}`;
    case "number":
    case "boolean":
      return `${kind} ${String(value)}`;
    case "bigint":
      return `bigint ${String(value)}n`;
    case "bytes":
      return `Uint8Array(${(value as Uint8Array).length})`;
    case "array": {
      const array = value as unknown[];
      if (array.length === 0) return "array(0)";
      const kinds = [...new Set(array.map(kindOf))].sort().join("|");
      return `array(${array.length}) of ${kinds}`;
    }
    case "Map":
    case "record": {
      const keys = entriesOf(value).map(([key]) => key);
      const shown = keys.slice(0, 6).join(", ") + (keys.length > 6 ? `, … (${keys.length})` : "");
      return `${kind}{${shown}}`;
    }
    default:
      return kind;
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The entries of a record or a `Map`, with keys as labels (non-string `Map` keys get their kind). */
function entriesOf(value: unknown): [string, unknown][] {
  if (value instanceof Map) {
    return [...value].map(([key, item]) => [keyLabel(key), item]);
  }
  return Object.keys(value as object).map((key) => [key, (value as Record<string, unknown>)[key]]);
}

const utf8 = new TextDecoder();

function keyLabel(key: unknown): string {
  if (typeof key === "string") return key;
  if (key instanceof Uint8Array) return `<bytes ${utf8.decode(key)}>`;
  return `<${kindOf(key)} ${String(key)}>`;
}

function pathTo(path: string, key: string): string {
  if (key.startsWith("<")) return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Every place where `left` and `right` differ in shape: kinds (a `Map` where
 * a record is, a string where a number is, `null` where a value is), the key
 * sets of records and `Map`s, and, recursively, what the keys hold. Arrays
 * of the same length are compared element by element; arrays of different
 * lengths by the merged shape of their elements (an empty array matches any
 * array). Lists of records or `Map`s of the same length are compared
 * element by element, or, where that finds differences, pairing elements of
 * the same shape in whatever order they come (see `compareSameLength`).
 * Scalar values themselves are not compared.
 *
 * @example
 * ```ts
 * compareShapes({ a: 1 }, new Map([["a", 1]])); // [{ path: "", left: "record{a}", right: "Map{a}" }]
 * compareShapes([1, 2], [3]); // []
 * ```
 */
export function compareShapes(left: unknown, right: unknown): ShapeDifference[] {
  const differences: ShapeDifference[] = [];
  compareAt(left, right, "", differences);
  return differences;
}

function compareAt(left: unknown, right: unknown, path: string, out: ShapeDifference[]): void {
  const kind = kindOf(left);
  if (kind !== kindOf(right)) {
    out.push({ path, left: describeShape(left), right: describeShape(right) });
    return;
  }
  if (kind === "record" || kind === "Map") {
    const rightEntries = new Map(entriesOf(right));
    const leftKeys = new Set<string>();
    for (const [key, item] of entriesOf(left)) {
      leftKeys.add(key);
      if (!rightEntries.has(key)) {
        out.push({ path: pathTo(path, key), left: describeShape(item), right: "absent" });
      } else {
        compareAt(item, rightEntries.get(key), pathTo(path, key), out);
      }
    }
    for (const [key, item] of rightEntries) {
      if (!leftKeys.has(key)) {
        out.push({ path: pathTo(path, key), left: "absent", right: describeShape(item) });
      }
    }
  } else if (kind === "array") {
    const [a, b] = [left as unknown[], right as unknown[]];
    if (a.length === b.length) {
      compareSameLength(a, b, path, out);
    } else {
      compareMerged(mergeShapes(a), mergeShapes(b), `${path}[*]`, out);
    }
  }
}

/**
 * Arrays of the same length: element by element; but when those differ and
 * every element is a record or a `Map` (a list of things, which servers give
 * in hash-table order: commands, functions of a library, …), elements are
 * first paired with one of the same shape wherever it is, and only the
 * elements left over are compared (in order; the path gives the left index).
 */
function compareSameLength(
  a: readonly unknown[],
  b: readonly unknown[],
  path: string,
  out: ShapeDifference[],
): void {
  const positional: ShapeDifference[] = [];
  for (let i = 0; i < a.length; i++) compareAt(a[i], b[i], `${path}[${i}]`, positional);
  const entity = (item: unknown) => kindOf(item) === "record" || kindOf(item) === "Map";
  if (positional.length === 0 || !a.every(entity) || !b.every(entity)) {
    out.push(...positional);
    return;
  }
  const unpaired = new Map<string, number[]>();
  for (let j = 0; j < b.length; j++) {
    const key = signature(b[j]);
    unpaired.set(key, [...unpaired.get(key) ?? [], j]);
  }
  let restA: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const partners = unpaired.get(signature(a[i]));
    if (partners !== undefined && partners.length > 0) partners.shift();
    else restA.push(i);
  }
  let restB = [...unpaired.values()].flat().sort((x, y) => x - y);
  if (restA.length <= MAX_PAIRED) {
    // Looser pairing: compareShapes lets nested arrays differ in length.
    const left: number[] = [];
    for (const i of restA) {
      const j = restB.find((j) => compareShapes(a[i], b[j]).length === 0);
      if (j === undefined) left.push(i);
      else restB = restB.filter((other) => other !== j);
    }
    restA = left;
  }
  for (let k = 0; k < restA.length; k++) {
    compareAt(a[restA[k]], b[restB[k]], `${path}[${restA[k]}]`, out);
  }
}

/** Most leftover elements {@link compareSameLength} pairs by comparing every pair. */
const MAX_PAIRED = 64;

/** A value's shape as text (key sets, kinds, element kinds), to pair equal shapes quickly. */
function signature(value: unknown): string {
  const kind = kindOf(value);
  if (kind === "record" || kind === "Map") {
    const entries = entriesOf(value).map(([key, item]) =>
      `${JSON.stringify(key)}:${signature(item)}`
    );
    return `${kind}{${entries.sort().join(",")}}`;
  }
  if (kind === "array") {
    return `[${[...new Set((value as unknown[]).map(signature))].sort().join("|")}]`;
  }
  return kind;
}

/** The union of several values' shapes: for each kind seen, what its keys or elements held. */
type Merged = Map<string, MergedChildren>;

interface MergedChildren {
  /** Records and `Map`s: the merged shape under each key seen. */
  keys: Map<string, Merged>;
  /** Arrays: the merged shape of every element. */
  elements: Merged;
  /** One example, for descriptions. */
  example: unknown;
}

function mergeShapes(values: readonly unknown[], into: Merged = new Map()): Merged {
  for (const value of values) {
    const kind = kindOf(value);
    let children = into.get(kind);
    if (children === undefined) {
      children = { keys: new Map(), elements: new Map(), example: value };
      into.set(kind, children);
    }
    if (kind === "record" || kind === "Map") {
      for (const [key, item] of entriesOf(value)) {
        let merged = children.keys.get(key);
        if (merged === undefined) children.keys.set(key, merged = new Map());
        mergeShapes([item], merged);
      }
    } else if (kind === "array") {
      mergeShapes(value as unknown[], children.elements);
    }
  }
  return into;
}

function describeMerged(merged: Merged): string {
  return [...merged.values()].map((children) => describeShape(children.example)).join(" | ");
}

function compareMerged(left: Merged, right: Merged, path: string, out: ShapeDifference[]): void {
  if (left.size === 0 || right.size === 0) return;
  const leftKinds = [...left.keys()].sort().join("|");
  const rightKinds = [...right.keys()].sort().join("|");
  if (leftKinds !== rightKinds) {
    out.push({ path, left: describeMerged(left), right: describeMerged(right) });
    return;
  }
  for (const [kind, a] of left) {
    const b = right.get(kind)!;
    if (kind === "record" || kind === "Map") {
      for (const [key, merged] of a.keys) {
        const other = b.keys.get(key);
        if (other === undefined) {
          out.push({ path: pathTo(path, key), left: describeMerged(merged), right: "absent" });
        } else {
          compareMerged(merged, other, pathTo(path, key), out);
        }
      }
      for (const [key, merged] of b.keys) {
        if (!a.keys.has(key)) {
          out.push({ path: pathTo(path, key), left: "absent", right: describeMerged(merged) });
        }
      }
    } else if (kind === "array") {
      compareMerged(a.elements, b.elements, `${path}[*]`, out);
    }
  }
}

/** One call of a command method, as recorded. */
export interface RecordedCall {
  /** The method, with the view it was called on: `get`, `bytes.get`, `pipeline.set`, `script.run`. */
  method: string;
  /** The reply, or the error the call failed with (thrown or rejected); `undefined` while pending. */
  reply: unknown;
  /** Whether the reply (or error) is in. */
  settled: boolean;
  /** For `exec()` of a pipeline or transaction: one call per queued command, once settled. */
  parts?: RecordedCall[];
}

/**
 * The calls made during each test of one group, in call order. Tests are
 * keyed by name (a repeated name gets `#2`, `#3`, …); calls made outside a
 * test (in hooks) go under `(outside tests)`.
 *
 * @example
 * ```ts
 * const recording = new ReplyRecording();
 * const redis = recordReplies(client, recording);
 * recording.startTest("GET returns null");
 * await redis.get("missing");
 * recording.calls("GET returns null"); // [{ method: "get", reply: null, … }]
 * ```
 */
export class ReplyRecording {
  readonly #tests = new Map<string, RecordedCall[]>();
  #current: RecordedCall[] | undefined;

  /** Calls from now on belong to the test `name`. */
  startTest(name: string): void {
    let key = name;
    for (let n = 2; this.#tests.has(key); n++) key = `${name} #${n}`;
    this.#current = [];
    this.#tests.set(key, this.#current);
  }

  /** @internal A new call, in order; its reply comes later. */
  add(method: string): RecordedCall {
    const call: RecordedCall = { method, reply: undefined, settled: false };
    if (this.#current === undefined) {
      this.#current = [];
      this.#tests.set("(outside tests)", this.#current);
    }
    this.#current.push(call);
    return call;
  }

  /** The test names, in the order they started. */
  get testNames(): string[] {
    return [...this.#tests.keys()];
  }

  /** The settled calls of test `name`, a transaction's or pipeline's commands each on its own. */
  calls(name: string): RecordedCall[] {
    const calls: RecordedCall[] = [];
    for (const call of this.#tests.get(name) ?? []) {
      if (!call.settled) continue;
      if (call.parts !== undefined) calls.push(...call.parts);
      else calls.push(call);
    }
    return calls;
  }
}

/** What a wrapped object is, which decides how its calls are recorded. */
type Role = "executor" | "queue" | "script" | "iterator";

const targets = new WeakMap<object, object>();

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as { then?: unknown }).then === "function";
}

function has(value: object, ...methods: string[]): boolean {
  return methods.every((method) =>
    typeof (value as Record<string, unknown>)[method] === "function"
  );
}

/** The role of an object a method returned, or undefined for one left unwrapped. */
function roleOf(value: unknown): Role | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (has(value, "exec")) return "queue";
  if (has(value, "run", "load")) return "script";
  if (has(value, "sendCommand")) return "executor";
  if (Symbol.asyncIterator in value && has(value, "next")) return "iterator";
  return undefined;
}

/**
 * `client` as it was, except that the reply of every method call (or the
 * error it failed with) is recorded in `recording`: promises' values,
 * errors thrown synchronously (thrown again, still synchronously), each
 * command of a pipeline's or transaction's `exec()`, scripts' `run()`, the
 * values async iterators yield. The `bytes` view, `with()` views,
 * pipelines, transactions, scripts, `acquire()`d connections and the
 * executor `transaction(fn)` hands `fn` are wrapped too; chained calls
 * return the wrapper.
 *
 * @example
 * ```ts
 * const redis = recordReplies(await Redis.connect({ port }), recording);
 * await redis.pipeline().set("a", "1").get("a").exec(); // records pipeline.set, pipeline.get
 * ```
 */
export function recordReplies<T extends object>(client: T, recording: ReplyRecording): T {
  return wrap(client, recording, "", "executor");
}

function wrap<T extends object>(
  target: T,
  recording: ReplyRecording,
  prefix: string,
  role: Role,
): T {
  const queued: string[] = [];
  const proxy: T = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (property === "bytes" && typeof value === "object" && value !== null) {
        return wrap(value, recording, `${prefix}bytes.`, "executor");
      }
      if (typeof value !== "function" || property === "constructor") return value;
      if (typeof property === "symbol") {
        return (...args: unknown[]) => {
          const result = value.apply(object, args);
          return result === object ? proxy : result;
        };
      }
      return (...args: unknown[]) =>
        invoke(property, value as (...args: unknown[]) => unknown, args);
    },
  });
  targets.set(proxy, target);

  function invoke(method: string, fn: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    const label = prefix + method;
    const plain = args.map((arg) =>
      typeof arg === "object" && arg !== null ? targets.get(arg) ?? arg : arg
    );
    if (method === "transaction" && typeof plain[0] === "function") {
      const body = plain[0] as (tx: object) => unknown;
      plain[0] = (tx: object) => body(wrap(tx, recording, prefix, "executor"));
    }
    if (role === "iterator") return iterate(method, fn, plain);
    let result: unknown;
    try {
      result = fn.apply(target, plain);
    } catch (error) {
      Object.assign(recording.add(label), { reply: error, settled: true });
      throw error;
    }
    if (result === target) {
      if (role === "queue") queued.push(method);
      return proxy;
    }
    if (role === "queue" && method === "discard") queued.length = 0;
    if (isPromiseLike(result)) {
      const call = recording.add(label);
      const commands = role === "queue" && method === "exec" ? queued.splice(0) : undefined;
      return Promise.resolve(result).then((reply) => {
        call.reply = reply;
        call.settled = true;
        if (commands !== undefined && Array.isArray(reply)) {
          call.parts = reply.map((item, i) => ({
            method: `${prefix}${commands[i] ?? "?"}`,
            reply: item,
            settled: true,
          }));
        }
        const resolvedRole = method === "acquire" ? roleOf(reply) : undefined;
        return resolvedRole === undefined
          ? reply
          : wrap(reply as object, recording, prefix, resolvedRole);
      }, (error) => {
        call.reply = error;
        call.settled = true;
        throw error;
      });
    }
    const resultRole = roleOf(result);
    if (resultRole === undefined) return result;
    const next = resultRole === "executor"
      ? prefix
      : resultRole === "iterator"
      ? label
      : `${label}.`;
    return wrap(result as object, recording, next, resultRole);
  }

  /** An async iterator's `next()`: each yielded value is a call named after the method that made it. */
  function iterate(method: string, fn: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    const result = fn.apply(target, args);
    if (method !== "next" || !isPromiseLike(result)) return result === target ? proxy : result;
    const call = recording.add(prefix);
    return Promise.resolve(result).then((step) => {
      const { done, value } = step as IteratorResult<unknown>;
      if (!done) Object.assign(call, { reply: value, settled: true });
      return step;
    }, (error) => {
      Object.assign(call, { reply: error, settled: true });
      throw error;
    });
  }

  return proxy;
}

/** A shape difference tolerated by the check, with why. */
export interface AllowedDifference {
  /** The recorded method name (`memoryStats`, `bytes.sendCommand`). */
  method: RegExp;
  /** The path inside the reply; any path when absent. */
  path?: RegExp;
  /** Only a key present on one side (not a kind that differs). */
  presence?: boolean;
  /** Why this one is not a protocol difference. */
  reason: string;
}

/**
 * Differences the check tolerates (still printed, with the reason): raw
 * replies, which keel documents as decoded as received, and keys that come
 * and go with timing or with what else ran between the two runs. Keep it
 * short: every entry hides real differences of its method too.
 */
export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  {
    method: /(^|\.)sendCommand$/,
    reason: "sendCommand returns the reply as decoded, by design (RESP3 maps stay Maps)",
  },
  {
    method: /(^|\.)info$/,
    presence: true,
    reason: "which INFO fields exist depends on what the server did before (cmdstat_hello " +
      "appears once a client said HELLO 3), not on the protocol",
  },
  {
    method: /(^|\.)latencyHistogram$/,
    presence: true,
    reason: "which latency buckets have counts depends on timing, and with no command " +
      "named, which commands are listed depends on what ran (HELLO only over RESP3)",
  },
];

function tolerates(entry: AllowedDifference, method: string, difference: ShapeDifference): boolean {
  if (!entry.method.test(method)) return false;
  if (entry.path !== undefined && !entry.path.test(difference.path)) return false;
  return !entry.presence || difference.left === "absent" || difference.right === "absent";
}

/** A shape difference between the replies of one call, run over RESP2 and RESP3. */
export interface CallDifference extends ShapeDifference {
  /** The test's name. */
  test: string;
  /** The call's position among the test's recorded calls (0-based). */
  call: number;
  /** The method called. */
  method: string;
  /** Why it is tolerated, when an {@link AllowedDifference} matches. */
  allowed?: string;
}

/** What comparing two recordings of the same group found. */
export interface RecordingComparison {
  /** How many calls were compared. */
  calls: number;
  /** How many tests had calls to compare. */
  tests: number;
  /** Every difference, tolerated ones included (with `allowed` set). */
  differences: CallDifference[];
  /** Tests whose call sequences differ, so that only their common prefix was compared. */
  notes: string[];
}

/**
 * Compare the recordings of one group run over RESP2 (`left`) and RESP3
 * (`right`), test by test (matched by name) and call by call. Where a test's
 * method sequence differs (tests branching on the protocol, a test failing
 * in one run), only the common prefix is compared, and a note says so.
 *
 * @example
 * ```ts
 * const { differences } = compareRecordings(resp2, resp3);
 * ```
 */
export function compareRecordings(
  left: ReplyRecording,
  right: ReplyRecording,
  allowed: readonly AllowedDifference[] = ALLOWED_DIFFERENCES,
): RecordingComparison {
  const comparison: RecordingComparison = { calls: 0, tests: 0, differences: [], notes: [] };
  const rightNames = new Set(right.testNames);
  for (const test of left.testNames) {
    const a = left.calls(test);
    if (!rightNames.has(test)) {
      if (a.length > 0) comparison.notes.push(`"${test}" ran over RESP2 only`);
      continue;
    }
    const b = right.calls(test);
    let common = 0;
    while (common < a.length && common < b.length && a[common].method === b[common].method) {
      common++;
    }
    if (common !== a.length || common !== b.length) {
      const next = (calls: RecordedCall[]) => calls[common]?.method ?? "(end)";
      comparison.notes.push(
        `"${test}": compared the first ${common} of ${a.length} (RESP2) / ${b.length} (RESP3) ` +
          `calls; then ${next(a)} vs ${next(b)}`,
      );
    }
    if (common > 0) comparison.tests++;
    comparison.calls += common;
    for (let i = 0; i < common; i++) {
      const method = a[i].method;
      for (const difference of compareShapes(a[i].reply, b[i].reply)) {
        const reason = allowed.find((entry) => tolerates(entry, method, difference))?.reason;
        comparison.differences.push({
          test,
          call: i,
          method,
          ...difference,
          ...(reason === undefined ? {} : { allowed: reason }),
        });
      }
    }
  }
  for (const test of right.testNames) {
    if (!left.testNames.includes(test) && right.calls(test).length > 0) {
      comparison.notes.push(`"${test}" ran over RESP3 only`);
    }
  }
  return comparison;
}

/**
 * One line per difference:
 * `test > method (call n) at path: RESP2 <shape> vs RESP3 <shape>`.
 *
 * @example
 * ```ts
 * console.log(compareRecordings(resp2, resp3).differences.map(formatDifference).join("\n"));
 * ```
 */
export function formatDifference(difference: CallDifference): string {
  const where = difference.path === "" ? "the reply" : difference.path;
  const line = `${difference.test} > ${difference.method} (call ${difference.call}) at ${where}: ` +
    `RESP2 ${difference.left} vs RESP3 ${difference.right}`;
  return difference.allowed === undefined ? line : `${line} (allowed: ${difference.allowed})`;
}

/** Differences of the same kind, counted once: see {@link groupDifferences}. */
export interface DifferenceGroup {
  /** The first of them. */
  example: CallDifference;
  /** How many there are. */
  count: number;
}

/**
 * Group differences that share the method, the last step of the path (array
 * indexes and numeric keys ignored) and the kinds on both sides: one root cause (e.g. every
 * key spec of every command in `commandInfo`) then reads as one line.
 *
 * @example
 * ```ts
 * for (const { example, count } of groupDifferences(differences)) console.log(count, example.path);
 * ```
 */
export function groupDifferences(differences: readonly CallDifference[]): DifferenceGroup[] {
  const groups = new Map<string, DifferenceGroup>();
  for (const difference of differences) {
    const path = difference.path.replace(/\[(\d+|"\d+"|<number [^>]*>)\]/g, "[*]");
    const last = path.match(/(\.[^.[]+|\[[^\]]*\])$/)?.[0];
    const key = [
      difference.method,
      last ?? "",
      kindWord(difference.left),
      kindWord(difference.right),
      difference.allowed ?? "",
    ].join("\0");
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { example: difference, count: 1 });
    else group.count++;
  }
  return [...groups.values()];
}

/** The kind at the start of a {@link describeShape} text. */
function kindWord(description: string): string {
  return description.match(/^(error \S+|[^ {(]+)/)?.[0] ?? description;
}

/**
 * {@link formatDifference} of a group's first difference, with how many
 * more there are like it.
 *
 * @example
 * ```ts
 * groupDifferences(differences).map(formatGroup);
 * ```
 */
export function formatGroup(group: DifferenceGroup): string {
  const more = group.count > 1 ? ` [and ${group.count - 1} more like it]` : "";
  return formatDifference(group.example) + more;
}
