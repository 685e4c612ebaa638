import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PageHeader } from "~/components/PageHeader";
import { formatNumber, useLocale, useT } from "~/i18n";
import { runEventIntent } from "~/lib/event-intents.server";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { idParam, orNotFound, requireMember } from "~/lib/guards.server";
import { EVENT_INTENTS } from "~/lib/intents";
import { pageMeta } from "~/lib/meta";
import { formatInstantRange } from "~/lib/time";

// One community event: what, where, when (in the space's zone), seats taken, my RSVP or waitlist place, check-in in
// its window; the space's operators also see who is coming and check people in. Public events are readable without
// signing in; a members' event is 404 to anyone not signed in. Every button is a plain form (works without JS).

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.event.title", data?.event.title);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = idParam(context, params.eventId);
  const viewer = context.viewer;
  const events = context.services.community.events;
  const event = await orNotFound(events.get(viewer ?? null, id));
  const attendees = viewer && viewer.role !== "member" ? await events.attendees(viewer, id).catch(() => null) : null;
  const now = context.services.clock.now().getTime();
  const opens = new Date(event.start).getTime() - events.EVENT_CHECK_IN_OPENS_MINUTES * 60_000;
  const inWindow = now >= opens && now < new Date(event.end).getTime();
  const over = now >= new Date(event.end).getTime();
  return { event, attendees: attendees?.items ?? null, signedIn: Boolean(viewer), inWindow, over };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  return reply(await runEventIntent(context, viewer, await readForm(request)));
}

export default function EventPage() {
  const { event, attendees, signedIn, inWindow, over } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const failed = result && !result.ok ? result : null;
  const mine = event.mine;
  const hidden = <input type="hidden" name="eventId" value={event.id} />;
  return (
    <section className="stack">
      <PageHeader title={event.title} description={`${event.spaceName}${event.resourceName ? ` · ${event.resourceName}` : ""}`} />
      <p>
        <strong>{formatInstantRange(event.start, event.end, locale, event.timezone)}</strong> ({event.timezone})
      </p>
      {event.description ? <p style={{ whiteSpace: "pre-line" }}>{event.description}</p> : null}
      <p data-testid="event-seats">
        {t("events.seats", { going: formatNumber(event.going, locale), capacity: formatNumber(event.capacity, locale) })}
        {event.waitlisted > 0 ? ` · ${t("events.waiting", { count: event.waitlisted })}` : ""}
        {event.attended > 0 ? ` · ${t("events.attended", { count: event.attended })}` : ""}
      </p>
      {event.visibility === "public" ? <p className="muted">{t("events.public")}</p> : null}
      {failed ? <FormErrorMessage code={failed.code} message={failed.message} details={failed.details} /> : null}
      {result?.ok ? <p role="status">{t(`events.done.${result.kind}`)}</p> : null}
      {!signedIn ? (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/events/${event.id}`)}`}>{t("events.signInToRsvp")}</Link>
        </p>
      ) : over ? (
        <p>{t("events.over")}</p>
      ) : (
        <div className="row" style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "center" }}>
          <p data-testid="event-mine">
            {mine === null
              ? t("events.notYet")
              : mine.status === "going"
                ? mine.checkedIn
                  ? t("events.checkedIn")
                  : t("events.going")
                : t("events.waitlisted", { position: mine.position ?? 0 })}
          </p>
          {mine === null ? (
            <Form method="post">
              {hidden}
              <button type="submit" name="intent" value={EVENT_INTENTS.rsvp}>
                {t("events.rsvp")}
              </button>
            </Form>
          ) : (
            <Form method="post">
              {hidden}
              <button type="submit" name="intent" value={EVENT_INTENTS.cancel} className="secondary">
                {t("events.cancelRsvp")}
              </button>
            </Form>
          )}
          {mine?.status === "going" && !mine.checkedIn && inWindow ? (
            <Form method="post">
              {hidden}
              <button type="submit" name="intent" value={EVENT_INTENTS.checkIn}>
                {t("events.checkIn")}
              </button>
            </Form>
          ) : null}
        </div>
      )}
      {attendees ? (
        <section aria-labelledby="attendees-title">
          <h2 id="attendees-title">{t("events.attendees")}</h2>
          {attendees.length === 0 ? <p>{t("events.noAttendees")}</p> : null}
          <ul style={{ listStyle: "none", padding: 0 }}>
            {attendees.map((a) => (
              <li key={a.memberId} style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", alignItems: "center" }}>
                <span>{a.name}</span>
                <span className="muted">{a.status === "going" ? (a.checkedInAt ? t("events.checkedIn") : t("events.going")) : t("events.waitlisted", { position: a.position ?? 0 })}</span>
                {a.status === "going" && !a.checkedInAt ? (
                  <Form method="post">
                    {hidden}
                    <input type="hidden" name="memberId" value={a.memberId} />
                    <button type="submit" name="intent" value={EVENT_INTENTS.checkIn} aria-label={t("events.checkInMember", { name: a.name })}>
                      {t("events.checkIn")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to={`/spaces/${event.spaceId}`}>{t("events.toSpace", { name: event.spaceName })}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
