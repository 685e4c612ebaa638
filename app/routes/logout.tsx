import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { fieldsOf, readForm } from "~/lib/forms";
import { safeRedirect } from "~/lib/guards.server";

export async function loader() {
  return redirect("/");
}

/**
 * Ends this session in the database (its sockets are disconnected at once) and clears the cookie; then the log-in
 * page, or the same-site page the form names (a sign-up link opened while logged in goes back to its invitation).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const f = fieldsOf(await readForm(request));
  if (context.viewer) {
    if (f.checked("everywhere")) await context.services.identity.revokeAllSessions(context.viewer.id);
    else await context.services.identity.revokeSession(context.viewer.sessionId);
  }
  return redirect(safeRedirect(f.optional("redirectTo"), "/login"), { headers: { "Set-Cookie": context.cookies.destroySession() } });
}
