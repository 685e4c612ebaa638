import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { fieldsOf, readForm } from "~/lib/forms";
import { parseForm } from "~/lib/forms.server";
import { safeRedirect } from "~/lib/guards.server";

export async function loader() {
  return redirect("/");
}

/** Language switch: a cookie for everyone, remembered on the account for members. */
export async function action({ request, context }: ActionFunctionArgs) {
  const f = fieldsOf(await readForm(request));
  const parsed = parseForm(context, context.schemas.identity.LocaleSchema, f.text("locale"));
  const to = safeRedirect(f.optional("redirectTo"));
  if (!parsed.ok) return redirect(to);
  if (context.viewer) await context.services.identity.setLocale(context.viewer.id, parsed.data);
  return redirect(to, { headers: { "Set-Cookie": context.cookies.commitLocale(parsed.data) } });
}
