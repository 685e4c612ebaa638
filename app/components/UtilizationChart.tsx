import type { CSSProperties } from "react";

/** About this many day labels fit under the chart on a phone, and on a wider screen. */
const LABELS_PHONE = 6;
const LABELS_WIDE = 12;

/**
 * Utilization by day as a bar chart (0–100%), in HTML and CSS (app/styles/operator.css): the labels keep their
 * text size on any screen, where an SVG scaled down to a phone drew them at ~5 px. The chart is one image with a
 * title and a summary; the page shows the same numbers in a table for screen readers and for exact values.
 * Every k-th day is labelled (fewer on a phone); each label spans the columns up to the next one, so none overlap.
 */
export function UtilizationChart({
  days,
  title,
  summary,
  formatDay,
}: {
  days: Array<{ date: string; utilization: number | null }>;
  title: string;
  summary: string;
  formatDay: (date: string) => string;
}) {
  const n = Math.max(days.length, 1);
  const phone = Math.max(1, Math.ceil(n / LABELS_PHONE));
  const wide = Math.max(1, Math.ceil(n / LABELS_WIDE));
  const vars = { "--bars": n, "--span-phone": phone, "--span-wide": wide } as CSSProperties;
  return (
    <div className="util-chart" role="img" aria-label={`${title}. ${summary}`} data-testid="utilization-chart" style={vars}>
      <div className="util-axis" aria-hidden="true">
        {[100, 75, 50, 25, 0].map((g) => (
          <span key={g} data-chart-label="axis">{`${g}%`}</span>
        ))}
      </div>
      <div className="util-plot" aria-hidden="true">
        {days.map((d) => (
          <span key={d.date} className="util-bar" style={{ height: `${Math.min(1, Math.max(0, d.utilization ?? 0)) * 100}%` }} />
        ))}
      </div>
      <div className="util-days" aria-hidden="true">
        {days.map((d, i) => {
          const onPhone = i % phone === 0;
          const onWide = i % wide === 0;
          if (!onPhone && !onWide) return null;
          const only = onPhone && onWide ? "" : onPhone ? "tick-phone-only" : "tick-wide-only";
          return (
            <span key={d.date} className={only} data-chart-label="day" style={{ "--col": i + 1 } as CSSProperties}>
              {formatDay(d.date)}
            </span>
          );
        })}
      </div>
    </div>
  );
}
