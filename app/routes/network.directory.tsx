import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { MemberCard } from "~/components/MemberCard";
import { Field, SelectField } from "~/components/Field";
import { useT, type MessageKey } from "~/i18n";
import { domainError } from "~/lib/forms";
import { parseForm } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Directory · Jejaring" }];

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
  // A GET form: what the filters refuse is ignored (the whole directory shows), never a failed page.
  const parsed = parseForm(context, context.schemas.network.DirectoryQuery, raw);
  const query = parsed.ok ? parsed.data : context.schemas.network.DirectoryQuery.parse({});
  // A cursor no page handed out (edited, truncated) starts again at the first page instead of failing the page.
  const directory = () =>
    context.services.network.directory(viewer, query).catch((error: unknown) => {
      if (query.cursor && domainError(error)?.code === "validation_failed") return context.services.network.directory(viewer, { ...query, cursor: undefined });
      throw error;
    });
  const [result, spaces] = await Promise.all([directory(), context.services.spaces.list()]);
  return { ...result, filters: raw, spaces: spaces.map((s) => ({ id: s.id, name: s.name })) };
}

export default function Directory() {
  const { items, nextCursor, filters, spaces } = useLoaderData<typeof loader>();
  const t = useT();
  const busy = useNavigation().state === "loading";
  const next = new URLSearchParams({ ...filters, ...(nextCursor ? { cursor: nextCursor } : {}) });
  return (
    <section className="stack">
      <p><Link to="/network">← {t("network.title")}</Link></p>
      <h1>{t("network.directory")}</h1>
      <Form method="get" className="card toolbar" role="search">
        <Field label={t("directory.searchLabel")} id="q" name="q" type="search" defaultValue={filters.q} />
        {TEXT_FILTERS.map((f) => (
          <Field key={f.name} label={t(f.label)} id={f.name} name={f.name} defaultValue={filters[f.name]} />
        ))}
        <SelectField label={t("directory.hereAt")} id="hereAt" name="hereAt" defaultValue={filters.hereAt ?? ""}>
          <option value="">{t("directory.anywhere")}</option>
          {spaces.map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </SelectField>
        <button type="submit" className="primary">{t("directory.search")}</button>
      </Form>
      <div aria-live="polite" aria-busy={busy}>
        {items.length === 0 ? <p>{t("directory.none")}</p> : null}
        <div className="grid" data-testid="directory">
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
