import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, TextAreaField } from "~/components/Field";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { parseForm, reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { useUnread } from "~/realtime/unread";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.projects.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return {
    projects: await context.services.projects.listMine(viewer.id),
    max: context.limits.maxLengths(context.schemas.projects.ProjectCreateInput),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  const parsed = parseForm(context, context.schemas.projects.ProjectCreateInput, { name: f.text("name"), description: f.optional("description") });
  if (!parsed.ok) return reply(parsed);
  const project = await context.services.projects.create(viewer.id, parsed.data);
  // A new project opens its room: that is where its work starts (inviting people, the first message, tasks).
  return redirect(`/projects/${project.id}`);
}

export default function Projects() {
  const { projects, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { extraFor } = useUnread();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  return (
    <section className="stack">
      <h1>{t("projects.title")}</h1>
      {projects.length === 0 ? <p>{t("projects.empty")}</p> : null}
      <ul className="grid" aria-label={t("projects.title")}>
        {projects.map((p) => {
          const unread = p.unread + extraFor(p.id);
          return (
            <li key={p.id} className="card project-card">
              <h2>
                <Link to={`/projects/${p.id}`}>{p.name}</Link>
                {unread ? (
                  <>
                    {" "}
                    <span className="badge" aria-hidden="true">{unread}</span>
                    <span className="sr-only">{t("projects.unreadCount", { count: unread })}</span>
                  </>
                ) : null}
              </h2>
              {p.description ? <p>{p.description}</p> : null}
              <p className="muted">
                {t("projects.members", { count: p.memberCount })}
                {p.role === "owner" ? ` · ${t("projects.owner")}` : ""}
              </p>
            </li>
          );
        })}
      </ul>
      <section className="card" aria-labelledby="new-project">
        <h2 id="new-project">{t("projects.new")}</h2>
        <Form method="post" className="form">
          <Field label={t("projects.name")} name="name" required maxLength={max.name} error={errors.name} />
          <TextAreaField label={t("projects.description")} name="description" rows={3} maxLength={max.description} error={errors.description} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("form.saving") : t("projects.create")}
          </button>
        </Form>
      </section>
    </section>
  );
}
