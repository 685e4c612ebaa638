import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/processes.js";

// Issue 13, item 13: `npm start` as a process manager runs it (systemd, Docker, a CI job): one signal to npm's own
// pid. npm passes SIGTERM to its child only; a shell left between npm and the server died of it and left the
// server running, orphaned and still listening. The real thing: npm, the wrapper, the built server on PGlite.
const dataDirs: string[] = [];
const children: ChildProcess[] = [];
const serverPids: number[] = [];

afterAll(() => {
  // Only what this file started, by its pid (a failed run must not leave a server behind).
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const pid of serverPids) if (alive(pid)) process.kill(pid, "SIGKILL");
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function listening(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { headers: { connection: "close" } })).ok;
  } catch {
    return false;
  }
}

/** Starts `npm start` and resolves once the server answers, with npm's process and the server's own pid. */
async function npmStart(port: number) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "jejaring-signals-"));
  dataDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "never", LOG_LEVEL: "info" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.SESSION_SECRET;
  const npm = spawn("npm", ["start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(npm);
  let output = "";
  npm.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  npm.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    while (!(await listening(url))) await new Promise((r) => setTimeout(r, 200));
  })();
  await Promise.race([ready, exit.then(({ code }) => Promise.reject(new Error(`npm start exited (${code}):\n${output}`)))]);
  // The server's pid, from its own "listening" log line (pino writes the pid on every line).
  const line = output.split("\n").find((l) => l.includes('"msg":"listening"'));
  const serverPid = Number((JSON.parse(line ?? "{}") as { pid?: number }).pid);
  expect(serverPid, output).toBeGreaterThan(0);
  serverPids.push(serverPid);
  return { npm, exit, url, serverPid, output: () => output };
}

describe("npm start and signals (item 13)", () => {
  it("SIGTERM to npm's pid stops the server gracefully: the port closes, no process is left, npm exits 0", async () => {
    const port = await freePort();
    const run = await npmStart(port);
    expect(run.serverPid).not.toBe(run.npm.pid);
    expect(alive(run.serverPid)).toBe(true);

    run.npm.kill("SIGTERM");
    const { code, signal } = await run.exit;

    // npm exits only once the server has: by then nothing listens and the server's process is gone.
    expect(alive(run.serverPid), run.output()).toBe(false);
    expect(await listening(run.url)).toBe(false);
    expect(run.output()).toContain('"msg":"shutting down"');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 180_000);
});
