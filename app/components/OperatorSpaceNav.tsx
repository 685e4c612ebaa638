import { NavLink } from "@remix-run/react";
import { useT } from "~/i18n";

/** The sections of one space's operator pages (settings, resources, floor plan, closures, now, analytics, billing, invitations, QR). */
export function OperatorSpaceNav({ spaceId, spaceName }: { spaceId: string; spaceName: string }) {
  const t = useT();
  const base = `/operator/spaces/${spaceId}`;
  const links = [
    { to: base, label: t("op.nav.settings"), end: true },
    { to: `${base}/resources`, label: t("op.nav.resources") },
    { to: `${base}/plan`, label: t("op.nav.plan") },
    { to: `${base}/closures`, label: t("op.nav.closures") },
    { to: `${base}/events`, label: t("op.nav.events") },
    { to: `${base}/now`, label: t("op.nav.now") },
    { to: `${base}/analytics`, label: t("op.nav.analytics") },
    { to: `${base}/billing`, label: t("op.nav.billing") },
    { to: `${base}/plans`, label: t("op.nav.plans") },
    { to: `${base}/invoices`, label: t("op.nav.invoices") },
    { to: `${base}/wallets`, label: t("op.nav.wallets") },
    { to: `${base}/revenue`, label: t("op.nav.revenue") },
    { to: `${base}/invitations`, label: t("op.nav.invitations") },
    { to: `${base}/qr`, label: t("operator.qrLink") },
  ];
  return (
    <nav aria-label={t("op.nav.label", { name: spaceName })} className="no-print">
      <ul className="sub-nav" style={{ listStyle: "none", padding: 0 }}>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end} prefetch="intent" style={({ isActive }) => (isActive ? { fontWeight: 700 } : undefined)}>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
