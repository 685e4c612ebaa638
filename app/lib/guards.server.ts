import { redirect, type AppLoadContext } from "@remix-run/node";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

/** Only same-site relative paths are followed after log-in (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/** Pages: the signed-in member, or a redirect to log in that comes back here. */
export function requireMember(request: Request, context: AppLoadContext): Viewer {
  if (context.viewer) return context.viewer;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export function requireOperator(request: Request, context: AppLoadContext): Viewer {
  const viewer = requireMember(request, context);
  if (viewer.role === "member") throw new Response("Forbidden", { status: 403 });
  return viewer;
}

export function requireAdmin(request: Request, context: AppLoadContext): Viewer {
  const viewer = requireMember(request, context);
  if (viewer.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return viewer;
}

/** Pages that only make sense signed out (log-in, sign-up). */
export function requireAnonymous(context: AppLoadContext): void {
  if (context.viewer) throw redirect("/");
}
