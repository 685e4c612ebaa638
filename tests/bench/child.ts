// A bench server in its own process, so the load generator never shares the server's event loop (or its GC).
// The bench module forks itself with a flag; the child calls `serveChild`, the parent `forkChild`. Over IPC the
// parent can call the child's named handlers, and always `memory`: forced GC (the child runs with --expose-gc),
// then process.memoryUsage(). The same protocol as fanout.bench.ts (ready / error / "stop"), plus calls.
import { fork } from "node:child_process";

export type Memory = { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
type Handlers = Record<string, (arg: never) => Promise<unknown>>;
type ToChild = { type: "stop" } | { type: "call"; id: number; name: string; arg: unknown };
type ToParent<R> =
  | { type: "ready"; ready: R }
  | { type: "error"; message: string }
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; message: string };

const errorText = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Forced full GC until the heap stops shrinking, then the numbers. */
async function settledMemory(): Promise<Memory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("start the child with --expose-gc");
  let last = Infinity;
  for (let i = 0; i < 10; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
    const used = process.memoryUsage().heapUsed;
    if (last - used < 64 * 1024) break;
    last = used;
  }
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

/** Child side: start the server, report `ready`, answer calls, close on "stop" or when the parent goes away. */
export async function serveChild<R>(start: () => Promise<{ ready: R; close: () => Promise<void>; handlers?: Handlers }>): Promise<void> {
  const send = (msg: ToParent<R>) => new Promise<void>((resolve) => process.send!(msg, undefined, {}, () => resolve()));
  try {
    const server = await start();
    const handlers: Handlers = { memory: settledMemory, ...server.handlers };
    const stop = new Promise<void>((resolve) => {
      process.on("message", (msg: ToChild) => {
        if (msg.type === "stop") return resolve();
        const handler = handlers[msg.name];
        if (!handler) return void send({ type: "reply", id: msg.id, ok: false, message: `no handler ${msg.name}` });
        handler(msg.arg as never).then(
          (value) => send({ type: "reply", id: msg.id, ok: true, value }),
          (error: unknown) => send({ type: "reply", id: msg.id, ok: false, message: errorText(error) }),
        );
      });
      process.once("disconnect", () => resolve());
    });
    await send({ type: "ready", ready: server.ready });
    await stop;
    await server.close();
    if (process.connected) process.disconnect();
    // Whatever the server leaves behind (keep-alive timers, pools) must not keep the child alive.
    setTimeout(() => process.exit(0), 2_000).unref();
  } catch (error) {
    if (process.connected) await send({ type: "error", message: errorText(error) });
    process.exit(1);
  }
}

export type ChildServer<R> = {
  ready: R;
  pid: number;
  /** Calls a handler the child registered (or `memory`). */
  call: <T>(name: string, arg?: unknown) => Promise<T>;
  memory: () => Promise<Memory>;
  /** Asks the child to close and waits for it to exit. */
  stop: () => Promise<void>;
};

/** Parent side: fork `entry` (a bench module) with `args`, under tsx and --expose-gc, and wait for `ready`. */
export async function forkChild<R>(entry: string, args: string[], label: string): Promise<ChildServer<R>> {
  const child = fork(entry, args, {
    // BENCH_CPU_PROFILE=<dir>: every bench server writes a V8 CPU profile there when it exits (open it in DevTools).
    execArgv: [
      "--expose-gc",
      ...(process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
      "--import",
      import.meta.resolve("tsx"),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let ready: R;
  try {
    ready = await new Promise<R>((resolve, reject) => {
      child.on("message", (msg: ToParent<R>) => {
        if (msg.type === "ready") return resolve(msg.ready);
        if (msg.type === "error") return reject(new Error(`${label} server failed: ${msg.message}`));
        const pending = calls.get(msg.id);
        calls.delete(msg.id);
        if (msg.ok) pending?.resolve(msg.value);
        else pending?.reject(new Error(`${label} server: ${msg.message}`));
      });
      void exited.then((code) => {
        const error = new Error(`${label} server exited (${code})`);
        for (const pending of calls.values()) pending.reject(error);
        reject(error);
      });
    });
  } catch (error) {
    child.kill();
    throw error;
  }
  const call = <T>(name: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ type: "call", id, name, arg } satisfies ToChild);
    });
  return {
    ready,
    pid: child.pid!,
    call,
    memory: () => call<Memory>("memory"),
    async stop() {
      if (child.connected) child.send({ type: "stop" } satisfies ToChild);
      const timer = setTimeout(() => child.kill(), 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`${label} server exited with ${code} on stop`);
    },
  };
}

/** The open-file limit of this process (the shell inherits it); Infinity when it cannot be read. */
export async function fileLimit(): Promise<number> {
  const { execSync } = await import("node:child_process");
  try {
    const out = execSync("ulimit -n", { shell: "/bin/sh", encoding: "utf8" }).trim();
    return out === "unlimited" ? Infinity : Number(out) || Infinity;
  } catch {
    return Infinity;
  }
}
