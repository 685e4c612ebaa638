/** Accessible bar chart of needs vs offers per skill; the same numbers are in the table beside it. */
export function BalanceChart({ rows, labels }: { rows: Array<{ tag: string; needed: number; offered: number }>; labels: { title: string; needed: string; offered: string } }) {
  const max = Math.max(1, ...rows.flatMap((r) => [r.needed, r.offered]));
  const rowH = 34;
  const labelW = 190;
  const barW = 360;
  const height = rows.length * rowH + 30;
  return (
    <svg className="bar-chart" viewBox={`0 0 ${labelW + barW + 60} ${height}`} role="img" aria-labelledby="balance-chart-title">
      <title id="balance-chart-title">{labels.title}</title>
      {rows.map((r, i) => {
        const y = i * rowH + 4;
        return (
          <g key={r.tag} transform={`translate(0,${y})`}>
            <text x={labelW - 8} y={18} textAnchor="end">{r.tag}</text>
            <rect className="bar-need" x={labelW} y={2} height={12} width={(r.needed / max) * barW} />
            <text x={labelW + (r.needed / max) * barW + 4} y={13}>{r.needed}</text>
            <rect className="bar-offer" x={labelW} y={16} height={12} width={(r.offered / max) * barW} />
            <text x={labelW + (r.offered / max) * barW + 4} y={27}>{r.offered}</text>
          </g>
        );
      })}
      <g transform={`translate(${labelW},${height - 16})`}>
        <rect className="bar-need" width={12} height={12} />
        <text x={16} y={11}>{labels.needed}</text>
        <rect className="bar-offer" x={130} width={12} height={12} />
        <text x={146} y={11}>{labels.offered}</text>
      </g>
    </svg>
  );
}
