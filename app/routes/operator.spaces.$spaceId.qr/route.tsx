import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT } from "~/i18n";
import { requireOperatorSpace } from "~/lib/operator.server";
import { qrSvg } from "./qr.server";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.operatorQr.title");

/** A printable sheet: one check-in QR code per desk (scanning opens /checkin/<token>). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const tokens = await context.services.spaces.checkinTokens(viewer, space.id);
  const codes = await Promise.all(
    tokens.map(async (c) => {
      const url = new URL(`/checkin/${c.token}`, context.publicOrigin).toString();
      return { name: c.name, url, svg: await qrSvg(url) };
    }),
  );
  return { space: { id: space.id, name: space.name }, codes };
}

export default function QrSheet() {
  const { space, codes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{t("operator.qrTitle", { name: space.name })}</h1>
      <p className="muted no-print">{t("operator.qrHelp")}</p>
      <ul className="qr-sheet">
        {codes.map((c) => (
          <li key={c.url}>
            {/* The SVG comes from the qrcode library, not from user input. */}
            <div className="qr" role="img" aria-label={`QR ${c.name}`} dangerouslySetInnerHTML={{ __html: c.svg }} />
            <strong>{c.name}</strong>
            <span className="muted">{t("checkin.title")}</span>
            {/* The address the code holds, to try a code (or use one that will not scan). */}
            <a className="no-print" href={c.url} aria-label={`${t("operator.qrOpen")}: ${c.name}`}>{t("operator.qrOpen")}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
