import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { failure, parseForm, reply } from "~/lib/forms.server";
import { invariantResponse, orNotFound, requireMember } from "~/lib/guards.server";
import { hhmm } from "~/lib/time";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.checkin.title");

/** The form intents of this page, shared by the forms and the action's switch. */
const INTENTS = { checkIn: "check-in", walkIn: "walk-in" } as const;

/** The desk's token from the URL, or the 404 page. */
function deskToken(context: LoaderFunctionArgs["context"], token: string | undefined): string {
  const parsed = parseForm(context, context.schemas.bookings.DeskToken, token);
  invariantResponse(parsed.ok, "Not found", { status: 404 });
  return parsed.data;
}

/** Scanning a desk's QR code shows the member's booking there (check in with one tap) or offers the desk if free. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return orNotFound(context.services.bookings.scan(viewer, deskToken(context, params.token)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  const token = deskToken(context, params.token);
  try {
    const booking =
      f.text("intent") === INTENTS.checkIn
        ? await context.services.bookings.checkInAt(viewer, token)
        : await context.services.bookings.walkIn(viewer, token);
    return reply({ ok: true as const, name: booking.resourceName, until: booking.end });
  } catch (error) {
    return reply(failure(context, error));
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
        <FormErrorMessage code={result.code} />
      ) : scan.outcome === "checked_in" ? (
        <p className="notice" role="status">{t("checkin.done", { name: scan.booking.resourceName })}</p>
      ) : scan.outcome === "check_in" ? (
        <>
          <p>{scan.booking.resourceName} · {hhmm(scan.booking.start)}–{hhmm(scan.booking.end)}</p>
          <Form method="post">
            <input type="hidden" name="intent" value={INTENTS.checkIn} />
            <button type="submit" className="primary" disabled={busy}>{t("bookings.checkIn")}</button>
          </Form>
        </>
      ) : scan.outcome === "free" ? (
        <>
          <p>{t("checkin.free", { name: `${scan.resource.name} (${scan.spaceName})`, until: hhmm(scan.until) })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value={INTENTS.walkIn} />
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
