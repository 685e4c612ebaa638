import { Form, Link } from "@remix-run/react";
import type { EventOut } from "../../server/domain/community/events.schemas";
import { useLocale, useT } from "~/i18n";
import { EVENT_INTENTS } from "~/lib/intents";
import { formatInstantRange } from "~/lib/time";

/** A space's upcoming community events, each with its seats and an RSVP or cancel button (plain forms to the event page). */
export function UpcomingEvents({ events }: { events: EventOut[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title">{t("events.upcoming")}</h2>
      {events.length === 0 ? <p className="muted">{t("events.none")}</p> : null}
      <ul style={{ listStyle: "none", padding: 0 }} data-testid="space-events">
        {events.map((e) => (
          <li key={e.id} style={{ marginBottom: "0.75rem" }}>
            <Link to={`/events/${e.id}`}>
              <strong>{e.title}</strong>
            </Link>
            <br />
            <span className="muted">{formatInstantRange(e.start, e.end, locale, e.timezone)}</span>
            <br />
            <span>
              {t("events.seats", { going: e.going, capacity: e.capacity })}
              {e.mine ? ` · ${e.mine.status === "going" ? t("events.going") : t("events.waitlisted", { position: e.mine.position ?? 0 })}` : ""}
            </span>
            <Form method="post" action={`/events/${e.id}`}>
              <input type="hidden" name="eventId" value={e.id} />
              {e.mine ? (
                <button type="submit" name="intent" value={EVENT_INTENTS.cancel} className="secondary" aria-label={`${t("events.cancelRsvp")}: ${e.title}`}>
                  {t("events.cancelRsvp")}
                </button>
              ) : (
                <button type="submit" name="intent" value={EVENT_INTENTS.rsvp} aria-label={`${t("events.rsvp")}: ${e.title}`}>
                  {t("events.rsvp")}
                </button>
              )}
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
