import { Link } from "@remix-run/react";
import { Avatar } from "~/components/Avatar";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { formatDay, hhmm } from "~/lib/time";

type Booking = { id: string; resourceName: string; spaceId: string; spaceName: string; timezone: string; start: string; end: string; status: string };
type Teammate = { member: { id: string; name: string; photoUrl?: string | null }; spaceId: string; spaceName: string; start: string; end: string };
export type MyWeekDays = Array<{ date: string; bookings: Booking[]; teammates: Teammate[] }>;

/** My week, Monday–Sunday: each day with my bookings (or "Free") and who from my projects is in; stacked on a phone. */
export function MyWeek({ days, today }: { days: MyWeekDays; today: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="week-days plain-list" aria-label={t("week.days")} data-testid="my-week">
      {days.map((d) => {
        const isToday = d.date === today;
        return (
          <li key={d.date} className={`week-day card${isToday ? " is-today" : ""}`} data-testid={`day-${d.date}`} aria-current={isToday ? "date" : undefined}>
            <h3 className="week-day-title">
              {formatDay(d.date, locale)}
              {isToday ? <span className="status status-info">{t("week.today")}</span> : null}
            </h3>
            <div className="week-day-body">
              {d.bookings.length === 0 ? (
                <p className="muted week-free">{t("week.free")}</p>
              ) : (
                <ul className="week-items plain-list">
                  {d.bookings.map((b) => (
                    <li key={b.id} className="week-item">
                      <strong className="long-name">{b.resourceName}</strong>
                      <Link to={`/spaces/${b.spaceId}?date=${d.date}`} className="long-name">{b.spaceName}</Link>
                      <span>
                        {hhmm(b.start)}–{hhmm(b.end)} <span className="muted text-sm">({b.timezone})</span>
                      </span>
                      <span className={`status ${b.status === "checked_in" ? "status-success" : b.status === "no_show" ? "status-warning" : "status-neutral"}`}>
                        {t(`bookings.status.${b.status}` as MessageKey)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {d.teammates.length ? (
                <div className="week-team">
                  <h4 className="week-team-title text-sm">{t("week.team")}</h4>
                  <ul className="week-items plain-list" data-testid="teammates">
                    {d.teammates.map((m) => (
                      <li key={`${m.member.id}-${m.start}`} className="week-person">
                        <Avatar id={m.member.id} name={m.member.name} size="xs" photoUrl={m.member.photoUrl} />
                        <span className="person-text">
                          <Link to={`/members/${m.member.id}`} className="long-name">{m.member.name}</Link>
                          <span className="muted text-sm long-name">{t("week.teamAt", { spaceName: m.spaceName, from: hhmm(m.start), to: hhmm(m.end) })}</span>
                        </span>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
