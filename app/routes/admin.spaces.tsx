import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Card } from "~/components/Card";
import { SelectField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { fail, failure, idOf, reply } from "~/lib/forms.server";
import { requireAdmin } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatDate, ymd } from "~/lib/time";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.adminSpaces.title");

/** The form intents of this page, shared by the forms and the action's switch. */
const INTENTS = { assign: "assign", unassign: "unassign" } as const;

/** Admin: every space with the operators who run it; assign and unassign (plain forms, no JavaScript needed). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const [spaces, assignable] = await Promise.all([context.services.spaces.list(), context.services.spaces.assignableOperators(viewer)]);
  const operators = await Promise.all(spaces.map((s) => context.services.spaces.operators(viewer, s.id)));
  return {
    spaces: spaces.map((s, i) => ({ id: s.id, name: s.name, operators: operators[i]! })),
    assignable,
  };
}

type Result = { ok: true; kind: "assigned" | "removed"; name: string; space: string } | FormError;

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const f = fieldsOf(await readForm(request));
  const spaceId = idOf(context, f.optional("spaceId"));
  const memberId = idOf(context, f.optional("memberId"));
  if (!spaceId || !memberId) return reply<Result>(fail(context, "not_found"));
  try {
    const space = await context.services.spaces.get(spaceId);
    switch (f.text("intent")) {
      case INTENTS.assign: {
        await context.services.spaces.assignOperators(viewer, spaceId, [memberId]);
        const m = (await context.services.spaces.operators(viewer, spaceId)).find((o) => o.member.id === memberId);
        return reply<Result>({ ok: true, kind: "assigned", name: m?.member.name ?? "", space: space.name });
      }
      case INTENTS.unassign: {
        const m = (await context.services.spaces.operators(viewer, spaceId)).find((o) => o.member.id === memberId);
        await context.services.spaces.unassignOperator(viewer, spaceId, memberId);
        return reply<Result>({ ok: true, kind: "removed", name: m?.member.name ?? "", space: space.name });
      }
      default:
        return reply<Result>(fail(context, "validation_failed", "Unknown action."));
    }
  } catch (error) {
    return reply<Result>(failure(context, error));
  }
}

export default function AdminSpaces() {
  const { spaces, assignable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="stack op-page" aria-busy={busy}>
      <p><Link to="/admin">← {t("admin.title")}</Link></p>
      <h1>{t("staff.title")}</h1>
      <p className="muted">{t("staff.intro")}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {t(result.kind === "assigned" ? "staff.assigned" : "staff.removed", { name: result.name, space: result.space })}
        </p>
      ) : result ? (
        <FormErrorMessage code={result.code} message={result.message} />
      ) : null}
      {spaces.map((s) => {
        const free = assignable.filter((a) => !s.operators.some((o) => o.member.id === a.id));
        return (
          <Card key={s.id} id={`space-${s.id}`} title={s.name} testId={`space-${s.name}`}>
            <h3 className="sr-only">{t("staff.operators")}</h3>
            {s.operators.length === 0 ? <p className="muted">{t("staff.none")}</p> : null}
            <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
              {s.operators.map((o) => {
                const date = formatDate(ymd(o.assignedAt), locale);
                return (
                  <li key={o.member.id} className="toolbar" data-testid={`operator-${o.member.email}`}>
                    <span style={{ overflowWrap: "anywhere" }}>
                      <strong>{o.member.name}</strong> <span className="muted small">{o.member.email}</span>
                      <br />
                      <span className="muted small">{o.assignedBy ? t("staff.assignedBy", { name: o.assignedBy.name, date }) : t("staff.assignedOn", { date })}</span>
                    </span>
                    <Form method="post">
                      <input type="hidden" name="intent" value={INTENTS.unassign} />
                      <input type="hidden" name="spaceId" value={s.id} />
                      <input type="hidden" name="memberId" value={o.member.id} />
                      <button type="submit" className="small-button" aria-label={t("staff.removeOf", { name: o.member.name, space: s.name })}>
                        {t("staff.remove")}
                      </button>
                    </Form>
                  </li>
                );
              })}
            </ul>
            {free.length === 0 ? (
              <p className="muted small">{t("staff.noneLeft")}</p>
            ) : (
              <Form method="post" className="stack" style={{ minWidth: 0 }} aria-label={t("staff.addTo", { space: s.name })}>
                <input type="hidden" name="intent" value={INTENTS.assign} />
                <input type="hidden" name="spaceId" value={s.id} />
                <SelectField label={t("staff.addTo", { space: s.name })} id={`add-${s.id}`} name="memberId" style={{ width: "100%", maxWidth: "100%" }}>
                  {free.map((a) => (
                    <option key={a.id} value={a.id}>{`${a.name} · ${a.email}`}</option>
                  ))}
                </SelectField>
                <p><button type="submit" className="small-button">{t("staff.addButton")}</button></p>
              </Form>
            )}
          </Card>
        );
      })}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
