import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1 (for a server started in a child process). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

export type ServerProcess = {
  port: number;
  url: string;
  /** Everything the process printed so far. */
  output: () => string;
  clearOutput: () => void;
  /** Sends the signal and resolves with the exit code (SIGTERM: graceful; SIGKILL: a crash). */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * Runs a server in its own process (`args` after node, e.g. `["scripts/start.mjs"]`) and resolves once /healthz
 * answers 200, or rejects with its output if it exits first.
 */
export async function startServerProcess(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ServerProcess> {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, args, { env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`))));
  const ready = (async () => {
    for (;;) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  await Promise.race([ready, exited]);
  exited.catch(() => {});
  return {
    port,
    url,
    output: () => output,
    clearOutput: () => void (output = ""),
    stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      const done = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill(signal);
      return done;
    },
  };
}

export type NodeRun = { code: number | null; stdout: string; stderr: string };

/**
 * Runs `node --import tsx <args>` to its end (e.g. `["server/cli.ts", "seed"]`) with exactly `env`, `stdin` written
 * and closed (or "ignore": no stdin at all), and a kill guard so a hang fails the test instead of stalling it.
 */
export function runNode(args: string[], env: NodeJS.ProcessEnv, stdin: string | "ignore" = ""): Promise<NodeRun> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { env, stdio: [stdin === "ignore" ? "ignore" : "pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin?.end(stdin);
  const guard = setTimeout(() => child.kill("SIGKILL"), 50_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** The redis-server binary, when installed (CI installs it). */
export const REDIS_SERVER = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => existsSync(p));

/**
 * A Redis of the test's own on `port` (needs REDIS_SERVER), so stopping it or sharing it between nodes disturbs
 * nothing else; resolves once it accepts connections.
 */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER!, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "pipe" });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return child;
}
