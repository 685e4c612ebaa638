import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT } from "~/i18n";
import { useBrowserZone } from "~/lib/browser-zone";
import { idParam, invariantResponse, orNotFound, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatInstant } from "~/lib/time";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.adminSentMail.title");

/** One mail as it was sent or kept: subject, headers, text, and the HTML in a sandboxed frame (admins only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const m = await orNotFound(context.services.messaging.admin.get(viewer, idParam(context, params.id)));
  invariantResponse(m.channel === "email", "Not found", { status: 404 });
  return m;
}

export default function SentMailMessage() {
  const m = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const zone = useBrowserZone();
  const mail = m.rendered;
  return (
    <section className="stack op-page">
      <p><Link to="/admin/sent-mail">← {t("sentMail.back")}</Link> · <Link to={`/admin/outbox/${m.id}`}>{t("outbox.detail")}</Link></p>
      <h1>{mail?.subject ?? m.kind}</h1>
      <dl className="card">
        <dt>{t("outbox.to")}</dt><dd>{m.address}</dd>
        <dt>{t("outbox.status")}</dt><dd>{t(`outbox.status.${m.status}`)}</dd>
        {m.sentAt ? <><dt>{t("outbox.sentAt")}</dt><dd><time dateTime={m.sentAt}>{formatInstant(m.sentAt, locale, zone)}</time></dd></> : null}
      </dl>
      {!mail ? <p>{t("sentMail.notRendered")}</p> : (
        <>
          {Object.keys(mail.headers).length ? (
            <section aria-labelledby="mail-headers" className="stack">
              <h2 id="mail-headers">{t("sentMail.headers")}</h2>
              <dl className="card">
                {Object.entries(mail.headers).map(([k, v]) => (
                  <div key={k}><dt>{k}</dt><dd style={{ overflowWrap: "anywhere" }}>{v}</dd></div>
                ))}
              </dl>
            </section>
          ) : null}
          <section aria-labelledby="mail-text" className="stack">
            <h2 id="mail-text">{t("sentMail.text")}</h2>
            <pre className="card" data-testid="mail-text" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{mail.text}</pre>
          </section>
          <section aria-labelledby="mail-html" className="stack">
            <h2 id="mail-html">{t("sentMail.html")}</h2>
            {/* sandbox="": no scripts, no same origin, no forms, no navigation of this page. */}
            <iframe sandbox="" srcDoc={mail.html} title={t("sentMail.htmlFrame")} style={{ width: "100%", minHeight: "32rem", border: "1px solid var(--color-border)" }} />
          </section>
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
