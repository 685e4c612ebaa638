/** Utilization as a percentage for people; a dash when nothing was open. */
export function percent(ratio: number | null): string {
  return ratio === null ? "—" : `${Math.round(ratio * 1000) / 10}%`;
}

/**
 * Utilization by day as an SVG bar chart (0–100%). The chart is one image with a title and a summary; the page
 * shows the same numbers in a table beside it for screen readers and for reading exact values.
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
  const left = 44;
  const top = 10;
  const plotH = 180;
  const bar = Math.max(3, Math.min(28, Math.floor(900 / Math.max(days.length, 1))));
  const width = left + days.length * bar + 10;
  const height = top + plotH + 48;
  const every = Math.max(1, Math.ceil(days.length / 12));
  return (
    <svg className="bar-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="util-chart-title util-chart-desc">
      <title id="util-chart-title">{title}</title>
      <desc id="util-chart-desc">{summary}</desc>
      {[0, 0.25, 0.5, 0.75, 1].map((g) => (
        <g key={g}>
          <line x1={left} x2={width - 6} y1={top + plotH * (1 - g)} y2={top + plotH * (1 - g)} stroke="#d5dbe1" />
          <text x={left - 6} y={top + plotH * (1 - g) + 4} textAnchor="end">{`${g * 100}%`}</text>
        </g>
      ))}
      {days.map((d, i) => {
        const u = Math.min(1, d.utilization ?? 0);
        const h = plotH * u;
        return (
          <g key={d.date}>
            <rect x={left + i * bar + 1} y={top + plotH - h} width={bar - 2} height={h} fill="#0b5f54" />
            {i % every === 0 ? (
              <text x={left + i * bar + bar / 2} y={top + plotH + 16} textAnchor="middle">{formatDay(d.date)}</text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
