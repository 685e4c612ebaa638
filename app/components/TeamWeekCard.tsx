import { Link } from "@remix-run/react";
import { Users } from "lucide-react";
import { Avatar } from "~/components/Avatar";
import { Card } from "~/components/Card";
import { EmptyState } from "~/components/EmptyState";
import { formatList, useLocale, useT } from "~/i18n";
import { formatWeekday } from "~/lib/time";
import type { TeammateWeek } from "~/lib/week";

/** The home's short "who from my projects is in this week": each person once, with their days and spaces. */
export function TeamWeekCard({ people, more }: { people: TeammateWeek[]; more: number }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Card id="team-week" testId="team-week" className="home-week" title={t("home.week.title")} action={<Link to="/bookings?view=week" className="text-sm">{t("home.week.all")}</Link>}>
      {people.length === 0 ? (
        <EmptyState icon={Users} title={t("home.week.none")} />
      ) : (
        <ul className="people-list plain-list">
          {people.map((p) => (
            <li key={p.member.id}>
              <Avatar id={p.member.id} name={p.member.name} size="sm" photoUrl={p.member.photoUrl} />
              <span className="person-text">
                <Link to={`/members/${p.member.id}`}>{p.member.name}</Link>
                <span className="muted text-sm">
                  {t("home.week.person", { days: formatList(p.dates.map((d) => formatWeekday(d, locale)), locale), spaces: formatList(p.spaces, locale) })}
                </span>
              </span>
            </li>
          ))}
          {more ? <li className="muted text-sm">{t("home.week.more", { count: more })}</li> : null}
        </ul>
      )}
    </Card>
  );
}
