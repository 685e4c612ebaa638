import type { Logger } from "../logger.js";
import type { IO } from "./shared.js";

type AdapterFactory = NonNullable<Parameters<IO["adapter"]>[0]>;

/**
 * The Socket.IO adapter for several nodes: @socket.io/redis-streams-adapter (it keeps connection-state recovery,
 * which the plain pub/sub adapter loses). While Redis is away, a broadcast is not queued for it: it reaches this
 * node's own sockets at once, and clients on other nodes catch up from the database when they rejoin.
 */
export async function redisAdapter(url: string, logger: Logger): Promise<{ adapter: AdapterFactory; close: () => Promise<void> }> {
  const { createClient } = await import("redis");
  const { createAdapter } = await import("@socket.io/redis-streams-adapter");
  const client = createClient({ url });
  let down = false;
  client.on("error", (error) => {
    if (!down) logger.warn("redis unavailable: realtime stays on this node until it returns", { error: String(error) });
    down = true;
  });
  client.on("ready", () => {
    if (down) logger.info("redis is back");
    down = false;
  });
  await client.connect();
  type Instance = {
    publishAndReturnOffset: (message: unknown) => Promise<string>;
    persistSession: (session: unknown) => void;
    restoreSession: (pid: string, offset: string) => Promise<unknown>;
  };
  const base = createAdapter(client) as unknown as (nsp: unknown) => Instance;
  // Socket.IO constructs adapters with `new`: a plain function that returns the instance.
  const adapter = function (nsp: unknown) {
    const instance = base(nsp);
    const publish = instance.publishAndReturnOffset.bind(instance);
    const persist = instance.persistSession.bind(instance);
    const restore = instance.restoreSession.bind(instance);
    // Nothing waits for Redis while it is away. The cluster adapter awaits a publish before delivering locally;
    // a session that cannot be stored or read back simply is not recovered (the client rejoins from the database).
    instance.publishAndReturnOffset = (message) => (client.isReady ? publish(message) : Promise.reject(new Error("redis unavailable")));
    instance.persistSession = (session) => {
      if (client.isReady) persist(session);
    };
    instance.restoreSession = (pid, offset) => (client.isReady ? restore(pid, offset) : Promise.resolve(null));
    return instance;
  } as unknown as AdapterFactory;
  return {
    adapter,
    async close() {
      if (client.isReady) await client.close().catch(() => {});
      else client.destroy();
    },
  };
}
