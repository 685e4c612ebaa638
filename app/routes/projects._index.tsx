import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Field, TextAreaField } from "~/components/Field";
import { useT } from "~/i18n";
import { errorsByField, readForm } from "~/lib/forms";
import { requireMember } from "~/lib/guards.server";
import { useUnread } from "~/realtime/unread";

export const meta: MetaFunction = () => [{ title: "Projects · Jejaring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return { projects: await context.services.projects.listMine(viewer.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const form = await readForm(request);
  const parsed = context.validate(context.schemas.projects.ProjectCreateInput, {
    name: form.get("name") ?? "",
    description: form.get("description") || undefined,
  });
  if (!parsed.ok) return data({ errors: errorsByField(parsed.errors), created: false }, { status: 400 });
  await context.services.projects.create(viewer.id, parsed.data);
  return { errors: {} as Record<string, string>, created: true };
}

export default function Projects() {
  const { projects } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { extraFor } = useUnread();
  const busy = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.created) formRef.current?.reset();
  }, [result]);
  const errors: Record<string, string | undefined> = result?.errors ?? {};
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
        <Form method="post" className="form" ref={formRef}>
          <Field label={t("projects.name")} name="name" required maxLength={120} error={errors.name} />
          <TextAreaField label={t("projects.description")} name="description" rows={3} maxLength={2000} error={errors.description} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("form.saving") : t("projects.create")}
          </button>
        </Form>
      </section>
    </section>
  );
}
