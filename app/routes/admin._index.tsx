import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { BalanceChart } from "~/components/BalanceChart";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT, type MessageKey } from "~/i18n";
import { domainError, errorsByField, readForm } from "~/lib/forms";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Network manager · Jejaring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const all = context.schemas.network.DirectoryQuery.parse({ limit: 100 });
  const [health, introductions, members] = await Promise.all([
    context.services.network.health(viewer),
    context.services.network.introductions(viewer),
    context.services.network.directory(viewer, all),
  ]);
  return { health, introductions, members: members.items.map((m) => ({ id: m.id, name: m.name, headline: m.headline })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const form = await readForm(request);
  const parsed = context.validate(context.schemas.network.IntroductionCreate, {
    memberIds: [form.get("a"), form.get("b")],
    note: form.get("note") ?? "",
  });
  if (!parsed.ok) return data({ ok: false as const, errors: errorsByField(parsed.errors), code: "validation_failed" }, { status: 400 });
  try {
    await context.services.network.introduce(viewer, parsed.data);
    return { ok: true as const, errors: {} as Record<string, string>, code: null };
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    return data({ ok: false as const, errors: {} as Record<string, string>, code: e.code }, { status: e.code === "not_found" ? 404 : 422 });
  }
}

export default function Admin() {
  const { health, introductions, members } = useLoaderData<typeof loader>();
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return (
    <section className="stack">
      <h1>{t("admin.title")}</h1>
      <p>{t("admin.intro")}</p>
      <p><Link to="/admin/members">{t("op.mem.title")}</Link></p>

      <section aria-labelledby="health-title" className="stack">
        <h2 id="health-title">{t("admin.health")}</h2>
        <ul className="stats">
          <li><strong>{health.members}</strong>{t("health.members")}</li>
          <li><strong>{health.activeThisWeek}</strong>{t("health.active")}</li>
          <li><strong>{health.connections.accepted}</strong>{t("health.connections")} ({health.connections.thisWeek} {t("health.thisWeek").toLowerCase()})</li>
          <li><strong>{health.connections.pending}</strong>{t("health.pending")}</li>
          <li><strong>{pct(health.introductions.conversion)}</strong>{t("health.conversion")} ({health.introductions.connected}/{health.introductions.total})</li>
        </ul>
        <div className="two-col">
          <section className="card" aria-labelledby="gaps-title">
            <h3 id="gaps-title">{t("health.gaps")}</h3>
            <ul data-testid="gaps">
              {health.gaps.map((g) => <li key={g.tag}>{t("health.gapRow", { count: g.members, tag: g.tag })}</li>)}
            </ul>
            <h3>{t("health.unneeded")}</h3>
            <ul>
              {health.unneededOffers.map((g) => <li key={g.tag}>{g.tag} ({g.members})</li>)}
            </ul>
          </section>
          <section className="card" aria-labelledby="balance-title">
            <h3 id="balance-title">{t("health.balance")}</h3>
            <BalanceChart rows={health.topNeeds} labels={{ title: t("health.balance"), needed: t("health.needed"), offered: t("health.offered") }} />
            <table>
              <caption className="sr-only">{t("health.balance")}</caption>
              <thead>
                <tr><th scope="col">{t("health.skill")}</th><th scope="col">{t("health.needed")}</th><th scope="col">{t("health.offered")}</th></tr>
              </thead>
              <tbody>
                {health.topNeeds.map((r) => <tr key={r.tag}><td>{r.tag}</td><td>{r.needed}</td><td>{r.offered}</td></tr>)}
              </tbody>
            </table>
          </section>
        </div>
      </section>

      <section aria-labelledby="intro-title" className="card">
        <h2 id="intro-title">{t("admin.introduce")}</h2>
        <fetcher.Form method="post" className="form">
          {result?.ok ? <p className="notice" role="status">{t("admin.introduced")}</p> : null}
          {result && !result.ok ? <p className="form-error" role="alert">{t(`errors.${result.code}` as MessageKey)}</p> : null}
          {(["a", "b"] as const).map((k) => (
            <div className="field" key={k}>
              <label htmlFor={`intro-${k}`}>{t(k === "a" ? "admin.memberA" : "admin.memberB")}</label>
              <select id={`intro-${k}`} name={k} required defaultValue="">
                <option value="" disabled>—</option>
                {members.map((m) => <option key={m.id} value={m.id}>{m.name}{m.headline ? ` — ${m.headline}` : ""}</option>)}
              </select>
            </div>
          ))}
          <div className="field">
            <label htmlFor="intro-note">{t("admin.why")}</label>
            <textarea id="intro-note" name="note" rows={3} required maxLength={1000} aria-invalid={result?.errors?.note ? true : undefined} />
            {result?.errors?.note ? <span className="error">{result.errors.note}</span> : null}
          </div>
          <button type="submit" className="primary" disabled={fetcher.state !== "idle"}>{t("admin.send")}</button>
        </fetcher.Form>
      </section>

      <section aria-labelledby="intros-title" className="card">
        <h2 id="intros-title">{t("admin.introductions")}</h2>
        <table>
          <thead>
            <tr><th scope="col">{t("admin.memberA")}</th><th scope="col">{t("admin.memberB")}</th><th scope="col">{t("admin.why")}</th><th scope="col">{t("admin.outcome")}</th></tr>
          </thead>
          <tbody>
            {introductions.map((i) => (
              <tr key={i.id}>
                <td><Link to={`/members/${i.members[0].id}`}>{i.members[0].name}</Link></td>
                <td><Link to={`/members/${i.members[1].id}`}>{i.members[1].name}</Link></td>
                <td>{i.note}</td>
                <td>
                  {[i.outcome.connected ? t("admin.outcomeConnected") : null, i.outcome.sharedProject ? t("admin.outcomeProject") : null].filter(Boolean).join(", ") ||
                    t("admin.outcomeNone")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
