/**
 * Backoff strategies and Retry.
 *
 * @module
 */
export * from "./backoff.ts";
export * from "./retry.ts";
