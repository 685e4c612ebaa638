import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import { domainError, readForm } from "~/lib/forms";
import { requireAnonymous, safeRedirect } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Log in · Jejaring" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = context.validate(context.schemas.identity.LoginInput, {
    email: form.get("email") ?? "",
    password: form.get("password") ?? "",
  });
  const email = String(form.get("email") ?? "");
  if (!parsed.ok) return data({ error: "invalid" as const, email, retryAfter: 0 }, { status: 400 });
  try {
    const { token } = await context.services.identity.login(parsed.data, context.clientIp);
    return redirect(safeRedirect(form.get("redirectTo")), {
      headers: { "Set-Cookie": context.cookies.commitSession(token) },
    });
  } catch (error) {
    const e = domainError(error);
    if (e?.code === "rate_limited") {
      return data({ error: "rateLimited" as const, email, retryAfter: e.retryAfter ?? 60 }, {
        status: 429,
        headers: { "Retry-After": String(e.retryAfter ?? 60) },
      });
    }
    if (e?.code === "unauthenticated") return data({ error: "invalid" as const, email, retryAfter: 0 }, { status: 401 });
    throw error;
  }
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card">
      <h1>{t("auth.login.title")}</h1>
      <Form method="post" className="form" aria-describedby={result ? "login-error" : undefined}>
        {result?.error ? (
          <p className="form-error" id="login-error" role="alert">
            {result.error === "rateLimited"
              ? t("auth.rateLimited", { minutes: Math.ceil(result.retryAfter / 60) })
              : t("auth.invalid")}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field label={t("auth.email")} name="email" type="email" autoComplete="email" required defaultValue={result?.email} />
        <Field label={t("auth.password")} name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("auth.pending") : t("auth.login.submit")}
        </button>
      </Form>
      <p>
        {t("auth.login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
