import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT, type MessageKey } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { pageMeta } from "~/lib/meta";
import accountStyles from "~/styles/account.css";

export const links = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.unsubscribe.title");

type State = { state: "ask"; kind: string; token: string } | { state: "done"; kind: string } | { state: "invalid" };

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token");

/**
 * The unsubscribe link of every preference mail (RFC 8058): works without logging in. GET shows what would be
 * switched off and a button; POST (that button, or a mail client's one-click `List-Unsubscribe=One-Click`) switches
 * it off. No CSRF token: it only ever turns one kind of mail off. A forged or edited token is a 400, nothing changes.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = tokenOf(request);
  const found = context.services.messaging.unsubscribe.read(token);
  if (!found || !token) return data<State>({ state: "invalid" }, { status: 400 });
  return data<State>({ state: "ask", kind: found.kind, token }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The mail client posts to the link itself (the token in the URL); the page's form carries it too.
  const token = tokenOf(request) ?? fieldsOf(await readForm(request)).optional("token");
  const done = await context.services.messaging.unsubscribe.confirm(token);
  if (!done) return data<State>({ state: "invalid" }, { status: 400 });
  return data<State>({ state: "done", kind: done.kind });
}

export default function UnsubscribePage() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>() as State;
  const posted = useActionData<typeof action>() as State | undefined;
  const busy = useNavigation().state === "submitting";
  const view = posted ?? loaded;
  const kind = (k: string) => t(`mail.kind.${k}` as MessageKey);
  if (view.state === "invalid") {
    return (
      <section className="card auth-card" aria-labelledby="unsub-title">
        <h1 id="unsub-title">{t("unsub.invalid.title")}</h1>
        <p>{t("unsub.invalid.body")}</p>
        <p><Link to="/account">{t("unsub.settings")}</Link></p>
      </section>
    );
  }
  if (view.state === "done") {
    return (
      <section className="card auth-card" aria-labelledby="unsub-title">
        <h1 id="unsub-title">{t("unsub.title")}</h1>
        <p className="notice" role="status">{t("unsub.done", { kind: kind(view.kind) })}</p>
        <p>{t("unsub.undo")} <Link to="/account">{t("unsub.settings")}</Link></p>
      </section>
    );
  }
  return (
    <section className="card auth-card" aria-labelledby="unsub-title">
      <h1 id="unsub-title">{t("unsub.title")}</h1>
      <p>{t("unsub.what", { kind: kind(view.kind) })}</p>
      <Form method="post" action={`/unsubscribe?token=${encodeURIComponent(view.token)}`} className="form">
        <input type="hidden" name="token" value={view.token} />
        <button type="submit" className="primary" disabled={busy}>{t("unsub.button")}</button>
      </Form>
      <p><Link to="/account">{t("unsub.settings")}</Link></p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
