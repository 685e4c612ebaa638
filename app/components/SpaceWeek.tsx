import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { formatDay, halfHours, hhmm, percentOf, ymd } from "~/lib/time";

type Day = {
  date: string;
  status: "open" | "closed_weekday" | "closed";
  open: { start: string; end: string } | null;
  closures: Array<{ start: string; end: string; reason: string }>;
  desks: { total: number; free: number; bookedShare: number | null };
  rooms: Array<{ id: string; name: string; bookedMinutes: number }>;
};

/** A space's week, Monday–Sunday: each day links to its day view, with its hours or why it is closed, desks and rooms. */
export function SpaceWeek({ spaceId, days, today }: { spaceId: string; days: Day[]; today: string }) {
  const t = useT();
  const locale = useLocale();
  const at = (iso: string, date: string) => (ymd(iso) === date ? hhmm(iso) : `${formatDay(ymd(iso), locale)} ${hhmm(iso)}`);
  return (
    <ol className="week-days plain-list" aria-label={t("week.days")} data-testid="space-week">
      {days.map((d) => {
        const isToday = d.date === today;
        return (
          <li key={d.date} className={`week-day card${isToday ? " is-today" : ""}${d.status === "open" ? "" : " is-closed"}`} data-testid={`day-${d.date}`} aria-current={isToday ? "date" : undefined}>
            <h3 className="week-day-title">
              <Link to={`/spaces/${spaceId}?date=${d.date}`} aria-label={t("spaceWeek.openDay", { date: formatDay(d.date, locale) })}>
                {formatDay(d.date, locale)}
              </Link>
              {isToday ? <span className="status status-info">{t("week.today")}</span> : null}
            </h3>
            <div className="week-day-body">
              <p className="week-hours">
                {d.status === "closed_weekday"
                  ? t("spaceWeek.closedWeekday")
                  : d.open
                    ? t("space.open", { from: hhmm(d.open.start), to: hhmm(d.open.end) })
                    : null}
                {d.status === "closed" ? <> · <strong className="state-text-closed">{t("spaceWeek.closedAllDay")}</strong></> : null}
              </p>
              {d.closures.map((c) => (
                <p key={c.start} className="week-closure long-name">{t("space.closure", { from: at(c.start, d.date), to: at(c.end, d.date), reason: c.reason })}</p>
              ))}
              {d.status === "open" ? (
                <>
                  <p className="week-desks">
                    {d.desks.total === 0 ? t("spaceWeek.noDesks") : t("spaceWeek.desksFree", { free: d.desks.free, total: d.desks.total })}
                    {d.desks.bookedShare !== null ? <span className="muted text-sm"> · {t("spaceWeek.deskShare", { percent: percentOf(d.desks.bookedShare) })}</span> : null}
                  </p>
                  {d.rooms.length ? (
                    <ul className="week-items plain-list" aria-label={t("spaceWeek.rooms")}>
                      {d.rooms.map((r) => (
                        <li key={r.id} className="week-room">
                          <span className="long-name">{r.name}</span>
                          <span className="muted text-sm">{t("spaceWeek.roomBooked", { hours: halfHours(r.bookedMinutes) })}</span>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
