import { type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { pageMeta } from "~/lib/meta";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.verifyEmail.title");

// The link opens a page with one button: mail scanners that fetch every link do not use it up (a GET changes nothing).
export async function action({ request, context }: ActionFunctionArgs) {
  const f = fieldsOf(await readForm(request));
  const parsed = parseForm(context, context.schemas.accounts.VerifyEmailInput, { token: f.text("token") });
  if (!parsed.ok) return reply({ ...parsed, details: { reason: "token_invalid" } });
  try {
    const { changedTo } = await context.services.accounts.tokens.verifyEmail(parsed.data.token);
    return reply({ ok: true as const, changedTo });
  } catch (error) {
    const failed = failure(context, error);
    if (failed.code !== "rule_violation" && failed.code !== "already_exists") throw error;
    return reply(failed);
  }
}

export default function VerifyEmail() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const token = params.get("token") ?? "";
  return (
    <section className="card auth-card">
      <h1>{t("accounts.verify.title")}</h1>
      {result?.ok ? (
        <p className="notice" role="status">
          {result.changedTo ? t("accounts.verify.changed", { email: result.changedTo }) : t("accounts.verify.done")}
        </p>
      ) : result || !token ? (
        <p className="form-error" role="alert">
          {result && result.code === "already_exists" ? result.message : t("errors.rule_violation.token_invalid")}
        </p>
      ) : (
        <Form method="post" className="form">
          <p>{t("accounts.verify.intro")}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("auth.pending") : t("accounts.verify.submit")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/">{t("accounts.verify.toApp")}</Link>
      </p>
    </section>
  );
}
