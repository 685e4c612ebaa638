/**
 * Needs vs offers per skill as labelled HTML bars (app/styles/operator.css), legible at any width; the same
 * numbers are in the table beside it, so the chart is one image for assistive technology.
 */
export function BalanceChart({
  rows,
  labels,
  format = String,
}: {
  rows: Array<{ tag: string; needed: number; offered: number }>;
  labels: { title: string; needed: string; offered: string };
  /** How a bar's number reads (rupiah on the revenue page). */
  format?: (value: number) => string;
}) {
  const max = Math.max(1, ...rows.flatMap((r) => [r.needed, r.offered]));
  const width = (v: number) => `${(v / max) * 85}%`;
  return (
    <div role="img" aria-label={labels.title} data-testid="balance-chart">
      <ul className="balance" aria-hidden="true">
        {rows.map((r) => (
          <li key={r.tag}>
            <span className="balance-tag" data-chart-label="tag">{r.tag}</span>
            <span className="balance-bars">
              <span className="balance-bar need">
                <span style={{ width: width(r.needed) }} />
                <span data-chart-label="value">{format(r.needed)}</span>
              </span>
              <span className="balance-bar offer">
                <span style={{ width: width(r.offered) }} />
                <span data-chart-label="value">{format(r.offered)}</span>
              </span>
            </span>
          </li>
        ))}
      </ul>
      <p className="balance-legend" aria-hidden="true">
        <span className="need">{labels.needed}</span>
        <span className="offer">{labels.offered}</span>
      </p>
    </div>
  );
}
