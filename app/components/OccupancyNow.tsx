import { useT } from "~/i18n";
import { hhmm } from "~/lib/time";

type Person = { bookingId: string; member: { id: string; name: string }; resourceName: string; start: string; end: string; status: string };
export type NowData = { capacity: number | null; occupancy: number; checkedIn: Person[]; expected: Person[]; arrivals: Person[]; at: string; timezone: string };

function People({ id, title, people, empty }: { id: string; title: string; people: Person[]; empty: string }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <h3 id={`${id}-title`}>
        {title} <span className="muted">({people.length})</span>
      </h3>
      {people.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="here-list">
          {people.map((p) => (
            <li key={p.bookingId}>
              <strong>{p.member.name}</strong> · {p.resourceName} · {hhmm(p.start)}–{hhmm(p.end)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The space right now: occupancy against capacity (a meter with the numbers in text), who is in, expected, arriving. */
export function OccupancyNow({ now }: { now: NowData }) {
  const t = useT();
  const max = now.capacity ?? Math.max(now.occupancy, 1);
  const text = now.capacity
    ? t("op.now.occupancyOf", { occupancy: now.occupancy, capacity: now.capacity })
    : t("op.now.occupancyNoLimit", { occupancy: now.occupancy });
  return (
    <div className="stack">
      <section className="card" aria-labelledby="occupancy-title">
        <h3 id="occupancy-title">{t("op.now.occupancy")}</h3>
        <p data-testid="occupancy-text" aria-live="polite" style={{ fontSize: "1.4rem", fontWeight: 700, margin: 0 }}>{text}</p>
        <meter
          min={0}
          max={max}
          value={Math.min(now.occupancy, max)}
          high={now.capacity ? Math.max(1, Math.floor(now.capacity * 0.85)) : undefined}
          optimum={0}
          aria-label={t("op.now.occupancy")}
          aria-valuetext={text}
          style={{ width: "100%", height: "1.5rem" }}
        >
          {text}
        </meter>
        <p className="muted small">{t("op.now.at", { time: hhmm(now.at), tz: now.timezone })}</p>
      </section>
      <div className="grid">
        <People id="checked-in" title={t("op.now.checkedIn")} people={now.checkedIn} empty={t("op.now.none")} />
        <People id="expected" title={t("op.now.expected")} people={now.expected} empty={t("op.now.none")} />
        <People id="arrivals" title={t("op.now.arrivals")} people={now.arrivals} empty={t("op.now.none")} />
      </div>
    </div>
  );
}
