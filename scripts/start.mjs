// `npm start`: build the UI if the build is missing or older than its sources, then serve it in production mode.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
process.env.NODE_ENV ??= "production";

function newestMtime(target) {
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const buildFile = path.join(root, "build/index.js");
const sourcesMtime = Math.max(newestMtime(path.join(root, "app")), newestMtime(path.join(root, "remix.config.js")));
if (!existsSync(buildFile) || statSync(buildFile).mtimeMs < sourcesMtime) {
  process.stdout.write("Building the UI (remix build)…\n");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Run the TypeScript server in this process (signals reach it directly).
const { register } = await import("tsx/esm/api");
register();
const { main } = await import(path.join(root, "server/index.ts"));
await main();
