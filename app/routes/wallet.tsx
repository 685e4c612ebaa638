import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Wallet as WalletIcon } from "lucide-react";
import { EmptyState } from "~/components/EmptyState";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PageHeader } from "~/components/PageHeader";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatDate, formatInstant } from "~/lib/time";
import walletStyles from "~/styles/wallet.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: walletStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.wallet.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return context.services.billing.wallet.mine(viewer, { limit: 50 });
}

/** +3 / −2 with a real minus sign (read as "minus" by screen readers). */
const signed = (n: number) => (n > 0 ? `+${n}` : `−${Math.abs(n)}`);

export default function WalletPage() {
  const wallet = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const nothing = wallet.credits.balance === 0 && wallet.dayPasses.balance === 0 && wallet.entries.length === 0;
  return (
    <section className="stack">
      <PageHeader title={t("billing.wallet.title")} description={t("billing.wallet.intro")} actions={<Link to="/plans" className="small-button">{t("billing.wallet.buy")}</Link>} />
      {nothing ? <EmptyState icon={WalletIcon} title={t("billing.wallet.empty")} action={{ to: "/plans", label: t("billing.wallet.buy") }} testId="wallet-empty" /> : null}
      <div className="wallet-balances" data-testid="wallet-balances">
        <section className="card" aria-labelledby="wallet-credits">
          <h2 id="wallet-credits">{t("billing.wallet.credits")}</h2>
          <p className="wallet-figure" data-testid="wallet-credits">{t("billing.wallet.creditsCount", { count: wallet.credits.balance })}</p>
          {wallet.credits.expiring.length ? (
            <ul className="plain-list muted">
              {wallet.credits.expiring.map((x) => (
                <li key={x.expiresOn}>{t("billing.wallet.creditsExpire", { count: x.amount, date: formatDate(x.expiresOn, locale) })}</li>
              ))}
            </ul>
          ) : wallet.credits.balance ? <p className="muted">{t("billing.wallet.noExpiry")}</p> : null}
        </section>
        <section className="card" aria-labelledby="wallet-passes">
          <h2 id="wallet-passes">{t("billing.wallet.dayPasses")}</h2>
          <p className="wallet-figure" data-testid="wallet-day-passes">{t("billing.wallet.dayPassesCount", { count: wallet.dayPasses.balance })}</p>
          {wallet.dayPasses.expiring.length ? (
            <ul className="plain-list muted">
              {wallet.dayPasses.expiring.map((x) => (
                <li key={x.expiresOn}>{t("billing.wallet.passesExpire", { count: x.amount, date: formatDate(x.expiresOn, locale) })}</li>
              ))}
            </ul>
          ) : wallet.dayPasses.balance ? <p className="muted">{t("billing.wallet.noExpiry")}</p> : null}
        </section>
      </div>
      {wallet.places.length ? (
        <section className="card" aria-labelledby="wallet-places">
          <h2 id="wallet-places">{t("billing.wallet.places")}</h2>
          <ul className="plain-list">
            {wallet.places.map((p) => (
              <li key={p.spaceId ?? "network"}>
                <strong>{p.spaceName ?? t("billing.wallet.anywhere")}</strong>: {t("billing.wallet.creditsCount", { count: p.credits })}, {t("billing.wallet.dayPassesCount", { count: p.dayPasses })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {wallet.entries.length ? (
        <section className="card" aria-labelledby="wallet-history">
          <h2 id="wallet-history">{t("billing.wallet.history")}</h2>
          <ul className="booking-list wallet-history" data-testid="wallet-history">
            {wallet.entries.map((e) => (
              <li key={e.id} data-kind={e.kind}>
                <div>
                  <strong>{t(`billing.wallet.kind.${e.kind}` as MessageKey)}</strong>
                  {e.spaceName ? <> {t("billing.wallet.at", { space: e.spaceName })}</> : null}
                  <br />
                  <span className="muted">
                    {formatInstant(e.createdAt, locale, e.timezone)}
                    {e.expiresOn ? <> · {t("billing.wallet.validUntil", { date: formatDate(e.expiresOn, locale) })}</> : null}
                  </span>
                  {e.reason ? <><br /><span className="muted">{t("billing.wallet.reason", { reason: e.reason })}</span></> : null}
                </div>
                <div className="wallet-amounts">
                  {e.credits ? <span>{signed(e.credits)} {t("billing.wallet.credits")}</span> : null}
                  {e.dayPasses ? <span>{signed(e.dayPasses)} {t("billing.wallet.dayPasses")}</span> : null}
                  {e.bookingId ? <Link to={`/bookings/${e.bookingId}`}>{t("billing.wallet.seeBooking")}</Link> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
