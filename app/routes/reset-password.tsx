import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { requireAnonymous } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.resetPassword.title");

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const f = fieldsOf(await readForm(request));
  const parsed = parseForm(context, context.schemas.accounts.PasswordResetConfirmInput, { token: f.text("token"), password: f.text("password") });
  if (!parsed.ok) return reply(parsed);
  try {
    await context.services.accounts.tokens.confirmPasswordReset(parsed.data.token, parsed.data.password);
    return redirect("/login?reset=1");
  } catch (error) {
    const failed = failure(context, error);
    if (failed.code !== "rule_violation") throw error;
    return reply(failed);
  }
}

export default function ResetPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const token = params.get("token") ?? "";
  const invalid = !token || result?.details?.reason === "token_invalid" || (result?.errors && "token" in result.errors);
  return (
    <section className="card auth-card">
      <h1>{t("accounts.reset.title")}</h1>
      {invalid ? (
        <p className="form-error" role="alert">
          {t("errors.rule_violation.token_invalid")} <Link to="/forgot-password">{t("accounts.reset.askAgain")}</Link>
        </p>
      ) : (
        <Form method="post" className="form">
          <input type="hidden" name="token" value={token} />
          <Field
            label={t("accounts.reset.newPassword")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
            hint={t("auth.passwordHint")}
            error={result?.errors && "password" in result.errors ? t("auth.passwordRule") : undefined}
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("auth.pending") : t("accounts.reset.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
