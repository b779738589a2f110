/**
 * The error classes, the one errors entry point of `mod.ts` and `sync.ts`:
 * what a caller catches and tests with `instanceof`.
 *
 * @module
 */
export * from "./errors.ts";
