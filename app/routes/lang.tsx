import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirect } from "~/lib/guards.server";
import { readForm } from "~/lib/forms";

export async function loader() {
  return redirect("/");
}

/** Language switch: a cookie for everyone, remembered on the account for members. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = context.validate(context.schemas.identity.LocaleSchema, form.get("locale"));
  const to = safeRedirect(form.get("redirectTo"));
  if (!parsed.ok) return redirect(to);
  if (context.viewer) await context.services.identity.setLocale(context.viewer.id, parsed.data);
  return redirect(to, { headers: { "Set-Cookie": context.cookies.commitLocale(parsed.data) } });
}
