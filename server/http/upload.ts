import type { Request } from "express";
import { DomainError } from "../domain/errors.js";

/** An upload past its limit: answered 413 and the connection closed (the rest of the body is never read). */
export class UploadTooLarge extends Error {
  constructor(readonly problem: DomainError) {
    super(problem.message);
    this.name = "UploadTooLarge";
  }
}

/**
 * Reads a raw request body of at most `maxBytes`, counting while it streams: a declared Content-Length past the
 * limit is refused before reading anything, and a body that grows past it is refused as soon as it does, so no
 * more than the limit is ever buffered. Compressed bodies are refused (their size says nothing about what they
 * inflate to).
 */
export function readUpload(req: Request, maxBytes: number, tooLarge: () => DomainError): Promise<Uint8Array> {
  const encoding = (req.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") {
    return Promise.reject(new DomainError("validation_failed", "Send the upload uncompressed.", { reason: "unsupported_encoding" }));
  }
  const declared = Number(req.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new UploadTooLarge(tooLarge()));
  // Another parser already read it (a JSON body): there is nothing left to read.
  if (req.readableEnded) return Promise.resolve(new Uint8Array());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error: Error | null) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      if (error) reject(error);
      else resolve(new Uint8Array(Buffer.concat(chunks, size)));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        return done(new UploadTooLarge(tooLarge()));
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(null);
    const onError = () => done(new DomainError("validation_failed", "The upload could not be read.", { reason: "unreadable_body" }));
    const onAborted = () => done(new DomainError("validation_failed", "The upload was interrupted.", { reason: "unreadable_body" }));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}
