/**
 * Private `redis-server` processes for tests, on free loopback ports, each in
 * its own temporary directory. Runtime-neutral (`node:*` only), so the same
 * tests run on Deno and Bun. Every server still running when the process
 * exits is killed.
 *
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

/** How to start a server. */
export interface StartOptions {
  /** Extra `redis-server` arguments, after the defaults: e.g. `["--requirepass", "pw"]`. */
  args?: string[];
  /** Also listen with TLS on another free port, with certificates from a test CA. */
  tls?: boolean;
  /** Also listen on a Unix socket in the server's directory. */
  unixSocket?: boolean;
  /** `args` start with a config file path (which must come first), e.g. for `--sentinel`. */
  configFirst?: boolean;
}

/** PEM text of the test CA and of certificates it signed. */
export interface TestCertificates {
  /** The CA certificate. */
  ca: string;
  /** The server certificate (for 127.0.0.1, ::1 and localhost). */
  cert: string;
  /** The server key. */
  key: string;
  /** A client certificate, for mutual TLS. */
  clientCert: string;
  /** The client key. */
  clientKey: string;
}

/** A running test server. */
export interface TestServer {
  /** Always `127.0.0.1`. */
  host: string;
  /** Plain TCP port. */
  port: number;
  /** TLS port, with `tls: true`. */
  tlsPort?: number;
  /** Unix socket path, with `unixSocket: true`. */
  socketPath?: string;
  /** The certificates, with `tls: true`. */
  tls?: TestCertificates;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** SIGTERM, wait for the exit, remove the directory. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait for the exit; the directory stays for `restart()`. */
  kill(): Promise<void>;
  /**
   * Start again with the same ports, arguments and directory (so it loads
   * what it saved); `options` adds arguments for this start only, or
   * returns while the dataset is still loading.
   */
  restart(options?: RestartOptions): Promise<void>;
}

/** How {@link TestServer.restart} starts the server again. */
export interface RestartOptions {
  /** Extra arguments for this start only, e.g. `["--key-load-delay", "100"]`. */
  args?: string[];
  /** Resolve as soon as the server answers, `LOADING` included, instead of once it answers PING. */
  whileLoading?: boolean;
}

const running = new Set<ChildProcess>();
const directories = new Set<string>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something on `port` answers PING like a Redis server (NOAUTH counts; LOADING with `loading`). */
function answersPing(port: number, loading = false): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      done(
        /^(\+PONG|-NOAUTH)/.test(data.toString()) || (loading && /^-LOADING/.test(data.toString())),
      );
    });
  });
}

let certificates: { dir: string; pem: TestCertificates } | undefined;

/** Make (once per process) a CA, a server and a client certificate with `openssl`. */
function testCertificates(): { dir: string; pem: TestCertificates } {
  if (certificates !== undefined) return certificates;
  const dir = mkdtempSync(join(tmpdir(), "keel-tls-"));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=keel test CA",
    "-keyout",
    at("ca.key"),
    "-out",
    at("ca.crt"),
  );
  writeFileSync(at("server.ext"), "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n");
  writeFileSync(at("client.ext"), "extendedKeyUsage=clientAuth\n");
  for (const [name, subject] of [["server", "/CN=localhost"], ["client", "/CN=keel test client"]]) {
    openssl(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      subject,
      "-keyout",
      at(`${name}.key`),
      "-out",
      at(`${name}.csr`),
    );
    openssl(
      "x509",
      "-req",
      "-in",
      at(`${name}.csr`),
      "-CA",
      at("ca.crt"),
      "-CAkey",
      at("ca.key"),
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      at(`${name}.ext`),
      "-out",
      at(`${name}.crt`),
    );
  }
  const read = (name: string) => readFileSync(at(name), "utf8");
  certificates = {
    dir,
    pem: {
      ca: read("ca.crt"),
      cert: read("server.crt"),
      key: read("server.key"),
      clientCert: read("client.crt"),
      clientKey: read("client.key"),
    },
  };
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return certificates;
}

/**
 * Start a private `redis-server`; resolves once it answers PING.
 *
 * @example
 * ```ts
 * const server = await startServer({ args: ["--requirepass", "pw"], tls: true });
 * // … connect to server.port or server.tlsPort …
 * await server.stop();
 * ```
 */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error(
      "redis-server is not installed: run `bash scripts/setup.sh` as root, or `apt-get install -y redis-server`",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "keel-redis-"));
  directories.add(dir);
  const port = await freePort();
  const server: TestServer = {
    host: "127.0.0.1",
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    kill,
    restart: start,
  };
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
    ...["--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no"],
    ...["--enable-debug-command", "yes", "--logfile", join(dir, "redis.log")],
  ];
  if (options.unixSocket) {
    server.socketPath = join(dir, "redis.sock");
    args.push("--unixsocket", server.socketPath, "--unixsocketperm", "700");
  }
  if (options.tls) {
    const { dir: certDir, pem } = testCertificates();
    server.tls = pem;
    server.tlsPort = await freePort();
    args.push(
      ...["--tls-port", String(server.tlsPort), "--tls-auth-clients", "optional"],
      ...[
        "--tls-cert-file",
        join(certDir, "server.crt"),
        "--tls-key-file",
        join(certDir, "server.key"),
      ],
      ...["--tls-ca-cert-file", join(certDir, "ca.crt")],
    );
  }
  if (options.configFirst) args.unshift(...(options.args ?? []).slice(0, 1));
  args.push(...(options.args ?? []).slice(options.configFirst ? 1 : 0));
  let child: ChildProcess | undefined;
  let removed = false;

  async function start(restart: RestartOptions = {}): Promise<void> {
    const spawned = spawn("redis-server", [...args, ...restart.args ?? []], { stdio: "ignore" });
    child = spawned;
    running.add(spawned);
    let exited = false;
    spawned.once("exit", () => {
      exited = true;
      running.delete(spawned);
    });
    for (let attempt = 0; attempt < 200; attempt++) {
      if (exited) break;
      if (await answersPing(port, restart.whileLoading)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const log = (() => {
      try {
        return readFileSync(join(dir, "redis.log"), "utf8").split("\n").slice(-5).join("\n");
      } catch {
        return "(no log)";
      }
    })();
    spawned.kill("SIGKILL");
    throw new Error(`redis-server on port ${port} did not start:\n${log}`);
  }

  function exit(signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    const current = child;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      current.once("exit", () => resolve());
      current.kill(signal);
    });
  }

  async function kill(): Promise<void> {
    await exit("SIGKILL");
  }

  async function stop(): Promise<void> {
    await exit("SIGTERM");
    if (!removed) {
      removed = true;
      rmSync(dir, { recursive: true, force: true });
      directories.delete(dir);
    }
  }

  await start();
  return server;
}
