import { redirect, type AppLoadContext } from "@remix-run/node";
import { domainError } from "./forms";
import { idOf } from "./forms.server";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

const OWN_ORIGIN = "http://app.invalid";
const MAX_REDIRECT_LENGTH = 2048;
// C0 controls, DEL and C1 controls: browsers strip some of them (tab, CR, LF) before resolving a URL, which is how
// `/\t/evil.example` becomes `//evil.example`.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The path with its percent-escapes decoded (up to three rounds, for double encoding), or null if malformed. */
function decodedPath(pathname: string): string | null {
  let current = pathname;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Only a path on the app's own origin is followed after log-in (no open redirects). The input must start with "/",
 * carry no control character or backslash, resolve against the app's origin to that same origin, and not decode
 * to a network-path ("//host") or a backslash or control character anywhere in its path. The answer is the parsed
 * URL's path, query and fragment: percent-encoded, printable ASCII, always a valid `Location` header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > MAX_REDIRECT_LENGTH || !to.startsWith("/")) return fallback;
  if (CONTROL.test(to) || to.includes("\\")) return fallback;
  let url: URL;
  try {
    url = new URL(to, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN || url.pathname.startsWith("//")) return fallback;
  const path = decodedPath(url.pathname);
  if (path === null || path.startsWith("//") || path.includes("\\") || CONTROL.test(path)) return fallback;
  return url.pathname + url.search + url.hash;
}

/** Pages: the signed-in member, or a redirect to log in that comes back here. */
export function requireMember(request: Request, context: AppLoadContext): Viewer {
  if (context.viewer) return context.viewer;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export function requireOperator(request: Request, context: AppLoadContext): Viewer {
  const viewer = requireMember(request, context);
  invariantResponse(viewer.role !== "member", "Forbidden", { status: 403 });
  return viewer;
}

export function requireAdmin(request: Request, context: AppLoadContext): Viewer {
  const viewer = requireMember(request, context);
  invariantResponse(viewer.role === "admin", "Forbidden", { status: 403 });
  return viewer;
}

/** Pages that only make sense signed out (log-in, sign-up). */
export function requireAnonymous(context: AppLoadContext): void {
  if (context.viewer) throw redirect("/");
}

/**
 * The one guard for what a page cannot go on without: throws a Response (400 unless told) that the route's
 * GeneralErrorBoundary turns into a page in the reader's words (`error.404.*` for a 404; the message is not shown).
 */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit = {}): asserts condition {
  if (!condition) throw new Response(message, { status: 400, ...init });
}

/** A URL's id (`params.x`) if it is one, else the 404 page: a malformed id names nothing anyone may see. */
export function idParam(context: AppLoadContext, raw: string | undefined): string {
  const id = idOf(context, raw);
  invariantResponse(id, "Not found", { status: 404 });
  return id;
}

/** A service's answer, or the 404 page when the service says there is no such thing (or the viewer may not know). */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    invariantResponse(domainError(error)?.code !== "not_found", "Not found", { status: 404 });
    throw error;
  }
}
