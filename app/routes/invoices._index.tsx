import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { InvoiceList } from "~/components/InvoiceView";
import { PageHeader } from "~/components/PageHeader";
import { useT } from "~/i18n";
import { parseForm } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import invoiceStyles from "~/styles/invoices.css";

// The member's invoices: outstanding first, then the latest; each opens its page (PDF, how to pay).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: invoiceStyles }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageMeta(matches, "meta.billingInvoices.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const url = new URL(request.url);
  const query = parseForm(context, context.schemas.billing.invoices.MyInvoicesQuery, { cursor: url.searchParams.get("cursor") || undefined });
  const page = await context.services.billing.invoices.mine(viewer, query.ok ? query.data : { limit: 50 });
  return { items: page.items, nextCursor: page.nextCursor };
}

export default function MyInvoices() {
  const { items, nextCursor } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <PageHeader title={t("billing.invoices.mine")} />
      {items.length === 0 ? <p className="muted">{t("billing.invoices.empty")}</p> : <InvoiceList items={items} href={(id) => `/invoices/${id}`} />}
      {nextCursor ? (
        <p>
          <Link to={`?cursor=${encodeURIComponent(nextCursor)}`}>{t("billing.invoices.op.more")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
