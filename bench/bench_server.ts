/**
 * A private redis-server for benchmarks: a free loopback port, no
 * persistence, pinned to core 0 when `taskset` exists, killed at exit.
 *
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { createConnection, createServer } from "node:net";
import process from "node:process";

/** Whether `taskset` can pin processes to cores here. */
export function hasTaskset(): boolean {
  return spawnSync("taskset", ["--version"]).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.on("error", () => resolve(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", () => {
      socket.destroy();
      resolve(true);
    });
  });
}

/**
 * Start the server and wait until it answers; returns its port and a stop function.
 *
 * @example
 * ```ts
 * const { port, stop } = await startBenchServer();
 * ```
 */
export async function startBenchServer(): Promise<{ port: number; stop(): void }> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const server = hasTaskset()
    ? spawn("taskset", ["-c", "0", "redis-server", ...args], { stdio: "ignore" })
    : spawn("redis-server", args, { stdio: "ignore" });
  const stop = () => server.kill("SIGKILL");
  process.on("exit", stop);
  while (!(await answersPing(port))) await new Promise((resolve) => setTimeout(resolve, 20));
  return { port, stop };
}
