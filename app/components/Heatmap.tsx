/** Utilization as a percentage for people; a dash when nothing was open. */
export function percent(ratio: number | null): string {
  return ratio === null ? "—" : `${Math.round(ratio * 1000) / 10}%`;
}

type Cell = { weekday: number; hour: number; utilization: number | null };

const BRAND = [11, 95, 84];

function luminance([r, g, b]: number[]): number {
  const c = [r!, g!, b!].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

/** Background from white to the brand colour by utilization, and whichever of black or white reads better on it. */
function colours(u: number | null): { background: string; color: string } {
  if (u === null) return { background: "#f1f3f5", color: "#4a5560" };
  const k = Math.max(0, Math.min(1, u));
  const rgb = BRAND.map((c) => Math.round(255 + (c - 255) * k));
  const l = luminance(rgb);
  const onBlack = (l + 0.05) / 0.05;
  const onWhite = 1.05 / (l + 0.05);
  return { background: `rgb(${rgb.join(",")})`, color: onBlack >= onWhite ? "#000" : "#fff" };
}

/**
 * Utilization by hour of the week as a table heatmap: one row per weekday, one column per local hour; every cell
 * carries its number as text (and a full label), the colour only repeats it.
 */
export function Heatmap({
  cells,
  caption,
  weekdayLabel,
  cellLabel,
  hours = Array.from({ length: 24 }, (_, h) => h),
}: {
  cells: Cell[];
  caption: string;
  weekdayLabel: (weekday: number) => string;
  cellLabel: (weekday: number, hour: number, value: string) => string;
  hours?: number[];
}) {
  const byKey = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.utilization]));
  return (
    <div className="grid-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="heatmap" style={{ borderCollapse: "separate", borderSpacing: 2, fontSize: "0.75rem" }}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {hours.map((h) => (
              <th key={h} scope="col" style={{ padding: "0 2px", fontWeight: 600 }}>{String(h).padStart(2, "0")}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <tr key={d}>
              <th scope="row" style={{ textAlign: "left", paddingRight: 6 }}>{weekdayLabel(d)}</th>
              {hours.map((h) => {
                const u = byKey.get(`${d}-${h}`) ?? null;
                const value = percent(u);
                return (
                  <td key={h} aria-label={cellLabel(d, h, value)} title={cellLabel(d, h, value)} style={{ ...colours(u), minWidth: "2.4rem", textAlign: "center", padding: "4px 2px", borderRadius: 4 }}>
                    {u === null ? "" : Math.round(u * 100)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
