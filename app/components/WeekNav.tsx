import { Link } from "@remix-run/react";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { useLocale, useT } from "~/i18n";
import { formatDateRange } from "~/lib/time";

/**
 * A week's heading and its links (plain links: they work without JavaScript): the week before, this week (when
 * another is shown) and the week after. `href(monday)` makes a week's address.
 */
export function WeekNav({ id, week, href }: { id: string; week: { weekStart: string; weekEnd: string; prevWeek: string; nextWeek: string; today: string }; href: (monday: string) => string }) {
  const t = useT();
  const locale = useLocale();
  const showsToday = week.today >= week.weekStart && week.today <= week.weekEnd;
  return (
    <nav className="week-nav" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="week-nav-title">
        <span className="sr-only">{t("week.nav")}: </span>
        {formatDateRange(week.weekStart, week.weekEnd, locale)}
      </h2>
      <div className="cluster week-nav-links">
        <Link className="small-button" to={href(week.prevWeek)} rel="prev">
          <ChevronLeft className="icon icon-sm" aria-hidden="true" />
          {t("week.prev")}
        </Link>
        {showsToday ? null : (
          <Link className="small-button" to={href(week.today)}>
            {t("week.this")}
          </Link>
        )}
        <Link className="small-button" to={href(week.nextWeek)} rel="next">
          {t("week.next")}
          <ChevronRight className="icon icon-sm" aria-hidden="true" />
        </Link>
      </div>
    </nav>
  );
}
