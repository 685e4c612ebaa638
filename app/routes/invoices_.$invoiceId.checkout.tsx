import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { domainError } from "~/lib/forms";
import { idParam, requireMember } from "~/lib/guards.server";

// "Pay now" on an invoice: opens (or reuses) the gateway's hosted payment page — QRIS, virtual accounts, e-wallets —
// and sends the member there. When no gateway is configured or it cannot be reached, back to the invoice, which says
// so and shows the transfer details. Someone else's invoice: 404.

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const id = idParam(context, params.invoiceId);
  try {
    const { url } = await context.services.billing.gateway.checkout(viewer, id, { origin: context.publicOrigin });
    return redirect(url);
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    if (e.code === "not_found") throw new Response("Not found", { status: 404 });
    return redirect(`/invoices/${id}?checkout=${e.code === "unavailable" ? "unavailable" : "refused"}`);
  }
}
