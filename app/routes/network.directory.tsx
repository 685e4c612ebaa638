import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowLeft, Search } from "lucide-react";
import { MemberCard } from "~/components/MemberCard";
import { Field, SelectField } from "~/components/Field";
import { useT, type MessageKey } from "~/i18n";
import { domainError } from "~/lib/forms";
import { parseForm } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import networkStyles from "~/styles/network.css";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.directory.title");
export const links = () => [{ rel: "stylesheet", href: networkStyles }];

const FIELDS = ["q", "specialty", "offer", "need", "city", "hereAt", "cursor"] as const;
/** The text filters of the search form, each with its label. */
const TEXT_FILTERS: Array<{ name: "specialty" | "offer" | "need" | "city"; label: MessageKey }> = [
  { name: "specialty", label: "directory.specialty" },
  { name: "offer", label: "directory.offer" },
  { name: "need", label: "directory.need" },
  { name: "city", label: "directory.city" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const url = new URL(request.url);
  const raw: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = url.searchParams.get(f);
    if (v) raw[f] = v;
  }
  const spaces = (await context.services.spaces.list()).map((s) => ({ id: s.id, name: s.name }));
  const max = context.limits.maxLengths(context.schemas.network.DirectoryQuery);
  const parsed = parseForm(context, context.schemas.network.DirectoryQuery, raw);
  // A search the filters refuse (too long, an unknown space) is answered with the field's message and no
  // results — never with the whole directory as if nothing had been asked.
  if (!parsed.ok) {
    return data({ items: [], nextCursor: null, filters: raw, spaces, max, errors: parsed.errors }, { status: parsed.status });
  }
  const query = parsed.data;
  // A cursor no page handed out (edited, truncated) starts again at the first page instead of failing the page.
  const result = await context.services.network.directory(viewer, query).catch((error: unknown) => {
    if (query.cursor && domainError(error)?.code === "validation_failed") return context.services.network.directory(viewer, { ...query, cursor: undefined });
    throw error;
  });
  return { ...result, filters: raw, spaces, max, errors: {} as Record<string, string | undefined> };
}

export default function Directory() {
  const { items, nextCursor, filters, spaces, max, errors } = useLoaderData<typeof loader>();
  const t = useT();
  const busy = useNavigation().state === "loading";
  const next = new URLSearchParams({ ...filters, ...(nextCursor ? { cursor: nextCursor } : {}) });
  const failed = Object.keys(errors).length > 0;
  const filtered = Object.keys(filters).some((k) => k !== "cursor");
  return (
    <section className="stack network-page">
      <p>
        <Link to="/network" className="back-link"><ArrowLeft aria-hidden="true" size={16} /> {t("network.title")}</Link>
      </p>
      <h1>{t("network.directory")}</h1>
      <Form method="get" className="card toolbar directory-form" role="search" aria-label={t("network.directory")}>
        <Field label={t("directory.searchLabel")} id="q" name="q" type="search" maxLength={max.q} defaultValue={filters.q} error={errors.q} />
        {TEXT_FILTERS.map((f) => (
          <Field key={f.name} label={t(f.label)} id={f.name} name={f.name} maxLength={max[f.name]} defaultValue={filters[f.name]} error={errors[f.name]} />
        ))}
        <SelectField label={t("directory.hereAt")} id="hereAt" name="hereAt" defaultValue={filters.hereAt ?? ""} error={errors.hereAt}>
          <option value="">{t("directory.anywhere")}</option>
          {spaces.map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </SelectField>
        <button type="submit" className="primary"><Search aria-hidden="true" size={16} /> {t("directory.search")}</button>
      </Form>
      <div aria-live="polite" aria-busy={busy}>
        {failed ? (
          <p className="form-error" role="alert" data-testid="directory-error">{t("directory.fixSearch")}</p>
        ) : items.length === 0 ? (
          <div className="empty-state" data-testid="directory-empty">
            <p>{filtered ? t("directory.none") : t("directory.empty")}</p>
            {filtered ? <Link to="/network/directory">{t("directory.clear")}</Link> : null}
          </div>
        ) : null}
        <div className="grid member-grid" data-testid="directory">
          {items.map((m) => (
            <MemberCard key={m.id} member={m} labels={{ offers: t("member.offers"), needs: t("member.needs") }} />
          ))}
        </div>
      </div>
      {nextCursor ? (
        <p>
          <Link to={`?${next.toString()}`} className="button secondary">{t("directory.more")}</Link>
        </p>
      ) : null}
    </section>
  );
}
