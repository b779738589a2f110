/**
 * A check that no promise rejection went unhandled while a group of tests
 * (or a whole test file) ran: failure paths must leave no stray rejection.
 *
 * @module
 */
import assert from "node:assert/strict";
import process from "node:process";
import { after } from "node:test";

/**
 * Record every unhandled rejection from now on, and fail in an `after` hook
 * of the enclosing `describe` (of the file, when called at its top level)
 * if there was one. The hook waits `settle` ms first, for late rejections to
 * surface. Hooks run in the order they are registered: call this after the
 * scope's own `after` (the teardown), so that the check comes last.
 *
 * @example
 * ```ts
 * describe("failure paths", () => {
 *   let server: TestServer;
 *   before(async () => {
 *     server = await startServer();
 *   });
 *   after(async () => {
 *     await server?.stop();
 *   });
 *   expectNoUnhandledRejections();
 *
 *   it("a refused connect rejects, and only that", async () => {
 *     await assert.rejects(Redis.connect({ port: 1 }), ConnectionError);
 *   });
 * });
 * ```
 */
export function expectNoUnhandledRejections(settle = 50): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  after(async () => {
    await new Promise((resolve) => setTimeout(resolve, settle));
    process.off("unhandledRejection", onUnhandled);
    assert.deepEqual(unhandled, [], "no unhandled rejection");
  });
}
