// `npm start`: build the UI if the build is missing or older than its sources, then serve it in production mode.
//
// Signals: package.json runs this file with `exec`, so the shell npm starts is replaced by this process and
// npm's SIGTERM/SIGINT reach the server itself (a shell left in between would die and orphan the server, still
// listening). The server then shuts down gracefully and exits with its own status, which npm passes on. While
// the UI builds, a signal is forwarded to the build, and this process exits with the build's status.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
process.env.NODE_ENV ??= "production";

const FORWARDED = ["SIGTERM", "SIGINT", "SIGHUP"];

function newestMtime(target) {
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Runs a child to its end with every forwarded signal passed on; resolves with its exit status (128+n for a signal). */
function runForwardingSignals(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    const forward = (signal) => child.kill(signal);
    for (const signal of FORWARDED) process.on(signal, forward);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(code ?? 128 + (constants.signals[signal] ?? 15));
    });
  });
}

const buildFile = path.join(root, "build/index.js");
const sourcesMtime = Math.max(newestMtime(path.join(root, "app")), newestMtime(path.join(root, "remix.config.js")));
if (!existsSync(buildFile) || statSync(buildFile).mtimeMs < sourcesMtime) {
  process.stdout.write("Building the UI (remix build)…\n");
  const status = await runForwardingSignals(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (status !== 0) process.exit(status);
}

// Run the TypeScript server in this process: its SIGTERM/SIGINT handlers close it gracefully and exit with its status.
const { register } = await import("tsx/esm/api");
register();
const { main } = await import(path.join(root, "server/index.ts"));
await main();
