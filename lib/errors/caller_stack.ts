/**
 * Caller stacks for server errors (the `callerStacks` client option): a
 * server error is created where its reply is decoded, so its own stack ends
 * in the decoder. With the option on, each command captures the stack of the
 * code that called it, and a server error it rejects with carries that stack
 * instead, so the caller's line shows.
 *
 * @module
 */
import { ResponseError } from "./errors.ts";

/** keel's own source folder (`…/lib/`), as stack frames name it: a URL, or a path. */
const LIB = new URL("../", import.meta.url);
const LIB_NAMES = LIB.protocol === "file:"
  ? [LIB.href, decodeURIComponent(LIB.pathname)]
  : [LIB.href];

/** Whether a stack frame is keel's own code. */
function isInternal(frame: string): boolean {
  return LIB_NAMES.some((name) => frame.includes(name));
}

/** Whether a line of a stack is a frame (V8: `    at …`; JavaScriptCore: `name@file:line`). */
function isFrame(line: string): boolean {
  return /^\s+at /.test(line) || line.includes("@");
}

/**
 * The reply of a command, whose server error (a {@link ResponseError})
 * carries the stack of the code that sent the command (the first frames
 * outside keel on) instead of the decoder's. Costs one `new Error()` per
 * command: for the opt-in `callerStacks` option.
 *
 * @example
 * ```ts
 * const reply = withCallerStack(route.send(request));
 * // await reply → WrongTypeError whose stack shows the caller's line
 * ```
 */
export function withCallerStack<T>(reply: Promise<T>): Promise<T> {
  // The frames are taken now; the text is made (the costly part) only on a failure.
  const captured = new Error();
  return reply.catch((error: unknown) => {
    const stack = error instanceof ResponseError ? captured.stack : undefined;
    if (error instanceof ResponseError && stack !== undefined) {
      const frames = stack.split("\n").filter(isFrame);
      let first = 0;
      while (first < frames.length - 1 && isInternal(frames[first])) first++;
      error.stack = [`${error.name}: ${error.message}`, ...frames.slice(first)].join("\n");
    }
    throw error;
  });
}
