import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import { domainError, errorsByField, readForm } from "~/lib/forms";
import { requireAnonymous } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Sign up · Jejaring" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  const parsed = context.validate(context.schemas.identity.SignupInput, values);
  const echo = { name: values.name, email: values.email };
  if (!parsed.ok) return data({ errors: errorsByField(parsed.errors), values: echo, formError: null }, { status: 400 });
  try {
    const member = await context.services.identity.signup(parsed.data, { ip: context.clientIp });
    const token = await context.services.identity.startSession(member.id, "web");
    await context.services.identity.setLocale(member.id, context.locale);
    return redirect("/network", { headers: { "Set-Cookie": context.cookies.commitSession(token) } });
  } catch (error) {
    const e = domainError(error);
    if (e?.code === "already_exists") {
      return data({ errors: { email: "exists" }, values: echo, formError: null }, { status: 409 });
    }
    if (e?.code === "rate_limited") {
      const retryAfter = e.retryAfter ?? 60;
      return data({ errors: {}, values: echo, formError: "rateLimited" as const, retryAfter }, {
        status: 429,
        headers: { "Retry-After": String(retryAfter) },
      });
    }
    throw error;
  }
}

export default function Signup() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <section className="card">
      <h1>{t("auth.signup.title")}</h1>
      <Form method="post" className="form">
        {result?.formError ? (
          <p className="form-error" role="alert">
            {t("auth.rateLimited", { minutes: Math.ceil(("retryAfter" in result ? result.retryAfter : 3600) / 60) })}
          </p>
        ) : result ? (
          <p className="form-error" role="alert">{t("form.errors")}</p>
        ) : null}
        <Field label={t("auth.name")} name="name" autoComplete="name" required maxLength={100} defaultValue={result?.values.name} error={errors.name} />
        <Field
          label={t("auth.email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          error={errors.email === "exists" ? t("auth.exists") : errors.email}
        />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint={t("auth.passwordHint")}
          error={errors.password}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("auth.pending") : t("auth.signup.submit")}
        </button>
      </Form>
      <p>
        {t("auth.signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
