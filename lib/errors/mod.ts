/**
 * Error classes and the mapping of server error codes to them.
 *
 * @module
 */
export * from "./errors.ts";
export { responseErrorFor } from "./response_error_for.ts";
