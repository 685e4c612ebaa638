import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT, type MessageKey } from "~/i18n";
import { domainError, readForm } from "~/lib/forms";
import { requireMember } from "~/lib/guards.server";
import { hhmm } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Check in · Jejaring" }];

const Token = (context: LoaderFunctionArgs["context"], token: string | undefined) => {
  const parsed = context.validate(context.schemas.bookings.DeskToken, token);
  if (!parsed.ok) throw new Response("Not found", { status: 404 });
  return parsed.data;
};

/** Scanning a desk's QR code shows the member's booking there (check in with one tap) or offers the desk if free. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  try {
    return await context.services.bookings.scan(viewer, Token(context, params.token));
  } catch (error) {
    if (domainError(error)?.code === "not_found") throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const form = await readForm(request);
  try {
    const token = Token(context, params.token);
    const booking =
      form.get("intent") === "check-in"
        ? await context.services.bookings.checkInAt(viewer, token)
        : await context.services.bookings.walkIn(viewer, token);
    return { ok: true as const, name: booking.resourceName, until: booking.end };
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    return data({ ok: false as const, code: e.code }, { status: e.code === "not_found" ? 404 : e.code === "booking_conflict" ? 409 : 422 });
  }
}

export default function CheckIn() {
  const scan = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <section className="card stack">
      <h1>{t("checkin.title")}</h1>
      {result?.ok ? (
        <p className="notice" role="status">{t("checkin.done", { name: result.name })}</p>
      ) : result ? (
        <p className="form-error" role="alert">{t(`errors.${result.code}` as MessageKey)}</p>
      ) : scan.outcome === "checked_in" ? (
        <p className="notice" role="status">{t("checkin.done", { name: scan.booking.resourceName })}</p>
      ) : scan.outcome === "check_in" ? (
        <>
          <p>{scan.booking.resourceName} · {hhmm(scan.booking.start)}–{hhmm(scan.booking.end)}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="check-in" />
            <button type="submit" className="primary" disabled={busy}>{t("bookings.checkIn")}</button>
          </Form>
        </>
      ) : scan.outcome === "free" ? (
        <>
          <p>{t("checkin.free", { name: `${scan.resource.name} (${scan.spaceName})`, until: hhmm(scan.until) })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="walk-in" />
            <button type="submit" className="primary" disabled={busy}>{t("checkin.walkIn")}</button>
          </Form>
        </>
      ) : (
        <p>{t("checkin.busy", { name: scan.resource.name })}</p>
      )}
      <p><Link to="/bookings">{t("bookings.title")}</Link></p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
