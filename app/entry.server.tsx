import { PassThrough } from "node:stream";
import {
  createReadableStreamFromReadable,
  type ActionFunctionArgs,
  type AppLoadContext,
  type EntryContext,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./lib/nonce";
// Server rendering translates in either language: both dictionaries (the browser loads only the reader's).
import "./i18n/translate";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Loader, action and render errors, logged by the server's logger as one structured line with the request id
 * (Remix would print them to the console). An aborted request (the browser navigated away) is not an error. The
 * path is not repeated here: the request line with the same id has it, with its secrets redacted.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) {
    // Remix's own answers (no route for this URL, a method not allowed) carry the error that caused them.
    const cause = (error as { error?: unknown }).error;
    context.log(error.status >= 500 ? "error" : "info", "route error response", { status: error.status, error: cause });
    return;
  }
  context.log("error", "loader or action failed", { error });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce;
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body) as unknown as BodyInit, {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject (Remix reports them through handleError); later ones are logged here.
          if (shellRendered) loadContext.log("error", "render failed after the shell", { error });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000);
  });
}
