import type { ServerResponse } from "node:http";

/** How long a reader may leave a chunk undrained before the export is cut (issue 11: a stalled reader is bounded). */
export const EXPORT_STALL_MS = 30_000;

/** The client closed the connection before the export was complete. */
export class ClientGone extends Error {
  constructor() {
    super("The client closed the connection during an export.");
    this.name = "ClientGone";
  }
}

/** The client stopped reading: a chunk stayed undrained for longer than the bound. */
export class ClientStalled extends Error {
  constructor(readonly stallMs: number) {
    super(`The client did not read the export for ${stallMs} ms.`);
    this.name = "ClientStalled";
  }
}

/** Writes one chunk and resolves once the client has taken it (or the socket buffer has room again). */
export type ChunkWriter = (chunk: string) => Promise<void>;

/**
 * Streams what `produce` writes into `res` with backpressure, and bounds what a client can make the server wait for:
 * - `write` resolves at once while `res.write()` accepts the chunk, otherwise on 'drain'; the producer awaits it
 *   before producing more, so it must hold no database connection or transaction across that await;
 * - a chunk not drained within `stallMs` (default 30 s) destroys the socket and aborts `signal`;
 * - a client that disconnects aborts `signal` at once (the producer stops before its next query) and every pending or
 *   later `write` rejects.
 * Resolves "complete" when `produce` finished (the caller ends the response) or "aborted" when the client left or
 * stalled (the socket is destroyed). Any other error destroys the socket too (headers are gone: a cut connection
 * never passes for a complete file) and is rethrown.
 */
export async function streamResponse(
  res: ServerResponse,
  produce: (write: ChunkWriter, signal: AbortSignal) => Promise<unknown>,
  { stallMs = EXPORT_STALL_MS }: { stallMs?: number } = {},
): Promise<"complete" | "aborted"> {
  const abort = new AbortController();
  const { signal } = abort;
  const onClose = () => {
    if (!res.writableFinished) abort.abort(new ClientGone());
  };
  res.on("close", onClose);

  const write: ChunkWriter = (chunk) =>
    new Promise<void>((resolve, reject) => {
      if (!signal.aborted && (res.destroyed || res.writableEnded)) abort.abort(new ClientGone());
      if (signal.aborted) return reject(signal.reason);
      if (res.write(chunk)) return resolve();
      const done = () => {
        clearTimeout(timer);
        res.off("drain", onDrain);
        signal.removeEventListener("abort", onAbort);
      };
      const onDrain = () => {
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        abort.abort(new ClientStalled(stallMs));
        res.destroy();
      }, stallMs);
      res.once("drain", onDrain);
      signal.addEventListener("abort", onAbort, { once: true });
    });

  try {
    await produce(write, signal);
    return "complete";
  } catch (error) {
    res.destroy();
    if (signal.aborted) return "aborted";
    throw error;
  } finally {
    res.off("close", onClose);
  }
}
