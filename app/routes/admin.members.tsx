import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, SelectField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { InvitationList, InvitationNotice, InviteForm } from "~/components/Invitations";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { domainError, fieldsOf, readForm, type FormError } from "~/lib/forms";
import { fail, failure, idOf, parseForm, reply } from "~/lib/forms.server";
import { requireAdmin } from "~/lib/guards.server";
import { INVITATION_INTENTS } from "~/lib/intents";
import { isInvitationIntent, runInvitationIntent, type InvitationResult } from "~/lib/invitation-intents.server";
import { useBrowserZone } from "~/lib/browser-zone";
import { dateIn, formatDate } from "~/lib/time";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.adminMembers.title");

const ROLES = ["member", "operator", "admin"] as const;
const PAGE = 25;

/** The form intents of this page, shared by the forms and the action's switch. */
const INTENTS = { role: "role", suspend: "suspend", unsuspend: "unsuspend" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const url = new URL(request.url);
  const raw = {
    q: url.searchParams.get("q") || undefined,
    role: url.searchParams.get("role") || undefined,
    suspended: url.searchParams.get("suspended") || undefined,
    cursor: url.searchParams.get("cursor") || undefined,
  };
  const parsed = parseForm(context, context.schemas.identity.AdminMembersQuery, { ...raw, limit: PAGE });
  const query = parsed.ok ? parsed.data : { limit: PAGE };
  // A cursor no page handed out (edited, truncated) starts again at the first page instead of failing the page.
  const page = await context.services.identity.listForAdmin(viewer, query).catch((error: unknown) => {
    if (query.cursor && domainError(error)?.code === "validation_failed") return context.services.identity.listForAdmin(viewer, { ...query, cursor: undefined });
    throw error;
  });
  const [invitations, spaces] = await Promise.all([context.services.accounts.invitations.list(viewer), context.services.spaces.list()]);
  return {
    viewerId: viewer.id,
    invitations: invitations.items,
    spaces: spaces.map((s) => ({ id: s.id, name: s.name })),
    maxInvite: context.limits.maxLengths(context.schemas.accounts.InvitationInput),
    filters: { q: raw.q ?? "", role: raw.role ?? "", suspended: raw.suspended ?? "" },
    invalid: !parsed.ok,
    paged: Boolean(raw.cursor),
    max: context.limits.maxLengths(context.schemas.identity.AdminMembersQuery),
    ...page,
  };
}

type Result = { ok: true; kind: "role" | "suspended" | "unsuspended"; name: string; role?: string } | FormError;
/** An invitation form's answer, told apart from the member forms' (each is shown by its own form). */
type Answer = Result | (InvitationResult & { invitation: true });

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const f = fieldsOf(await readForm(request));
  if (isInvitationIntent(f.text("intent"))) return reply<Answer>({ ...(await runInvitationIntent(context, viewer, f)), invitation: true });
  const id = idOf(context, f.optional("memberId"));
  if (!id) return reply<Result>(fail(context, "not_found"));
  const intent = f.text("intent");
  try {
    switch (intent) {
      case INTENTS.role: {
        const role = parseForm(context, context.schemas.identity.RoleUpdateInput, { role: f.text("role") });
        if (!role.ok) return reply<Result>(role);
        const m = await context.services.identity.setRole(viewer, id, role.data.role);
        return reply<Result>({ ok: true, kind: "role", name: m.name, role: role.data.role });
      }
      case INTENTS.suspend:
      case INTENTS.unsuspend: {
        const suspend = intent === INTENTS.suspend;
        const m = await context.services.identity.setSuspended(viewer, id, suspend);
        return reply<Result>({ ok: true, kind: suspend ? "suspended" : "unsuspended", name: m.name });
      }
      default:
        return reply<Result>(fail(context, "validation_failed", "Unknown action."));
    }
  } catch (error) {
    return reply<Result>(failure(context, error));
  }
}

export default function AdminMembers() {
  const { items, nextCursor, filters, invalid, paged, viewerId, max, invitations, spaces, maxInvite } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const invited = answer && "invitation" in answer ? answer : undefined;
  const result = answer && !("invitation" in answer) ? answer : undefined;
  const t = useT();
  const locale = useLocale();
  // "Last seen" is a day in the admin's own zone (the network's default until the browser's is known).
  const zone = useBrowserZone();
  const busy = useNavigation().state !== "idle";
  const next = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...(nextCursor ? { cursor: nextCursor } : {}) });
  const first = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  return (
    <section className="stack op-page" aria-busy={busy}>
      <p><Link to="/admin">← {t("admin.title")}</Link></p>
      <h1>{t("op.mem.title")}</h1>

      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("invite.title")}</h2>
        <p className="muted small">{t("invite.intro")}</p>
        <InvitationNotice result={invited} intent={INVITATION_INTENTS.invite} />
        <InviteForm roles={ROLES} spaces={spaces} result={invited} idPrefix="invite" labelledBy="invite-title" max={maxInvite} />
      </section>

      <Form method="get" className="toolbar" aria-label={t("op.mem.search")}>
        <Field label={t("op.mem.q")} id="mem-q" type="search" name="q" defaultValue={filters.q} maxLength={max.q} />
        <SelectField label={t("op.mem.role")} id="mem-role" name="role" defaultValue={filters.role}>
          <option value="">{t("op.mem.any")}</option>
          {ROLES.map((r) => <option key={r} value={r}>{t(`op.role.${r}`)}</option>)}
        </SelectField>
        <SelectField label={t("op.mem.status")} id="mem-suspended" name="suspended" defaultValue={filters.suspended}>
          <option value="">{t("op.mem.any")}</option>
          <option value="false">{t("op.mem.activeOnly")}</option>
          <option value="true">{t("op.mem.suspendedOnly")}</option>
        </SelectField>
        <button type="submit" className="small-button">{t("op.mem.searchButton")}</button>
      </Form>
      {invalid ? <p className="form-error" role="alert">{t("errors.validation_failed")}</p> : null}

      {result?.ok ? (
        <p className="notice" role="status">
          {result.kind === "role" ? t("op.mem.roleChanged", { name: result.name, role: t(`op.role.${result.role}` as MessageKey) }) : null}
          {result.kind === "suspended" ? t("op.mem.suspendedDone", { name: result.name }) : null}
          {result.kind === "unsuspended" ? t("op.mem.unsuspendedDone", { name: result.name }) : null}
        </p>
      ) : result?.details.reason === "last_admin" ? (
        <p className="form-error" role="alert">{t("op.mem.lastAdmin")}</p>
      ) : result ? (
        <FormErrorMessage code={result.code} message={result.message} />
      ) : null}

      {items.length === 0 ? <p>{t("op.mem.empty")}</p> : null}
      <div>
        <table className="op-table">
          <caption className="sr-only">{t("op.mem.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("op.mem.name")}</th>
              <th scope="col">{t("op.mem.email")}</th>
              <th scope="col">{t("op.mem.role")}</th>
              <th scope="col">{t("op.mem.status")}</th>
              <th scope="col">{t("op.mem.lastSeen")}</th>
              <th scope="col">{t("op.res.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id} data-testid={`member-${m.email}`}>
                <th scope="row"><Link to={`/members/${m.id}`}>{m.name}</Link></th>
                <td data-label={t("op.mem.email")}>{m.email}</td>
                <td data-label={t("op.mem.role")}>
                  <Form method="post" className="toolbar">
                    <input type="hidden" name="intent" value={INTENTS.role} />
                    <input type="hidden" name="memberId" value={m.id} />
                    <label className="sr-only" htmlFor={`role-${m.id}`}>{t("op.mem.roleOf", { name: m.name })}</label>
                    <select id={`role-${m.id}`} name="role" defaultValue={m.role} key={m.role} disabled={m.id === viewerId}>
                      {ROLES.map((r) => <option key={r} value={r}>{t(`op.role.${r}`)}</option>)}
                    </select>
                    {m.id === viewerId ? null : (
                      <button type="submit" className="small-button">{t("op.mem.setRole")}<span className="sr-only"> {m.name}</span></button>
                    )}
                  </Form>
                </td>
                <td data-label={t("op.mem.status")}>{m.suspended ? <strong className="badge-text">{t("op.mem.suspended")}</strong> : t("op.res.active")}</td>
                <td data-label={t("op.mem.lastSeen")}>
                  {m.lastSeenAt ? <time dateTime={m.lastSeenAt}>{formatDate(dateIn(zone, m.lastSeenAt), locale)}</time> : t("op.mem.never")}
                </td>
                <td data-label={t("op.res.actions")}>
                  {m.id === viewerId ? (
                    <span className="muted">{t("op.mem.you")}</span>
                  ) : m.suspended ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value={INTENTS.unsuspend} />
                      <input type="hidden" name="memberId" value={m.id} />
                      <button type="submit" className="small-button">{t("op.mem.unsuspend")}<span className="sr-only"> {m.name}</span></button>
                    </Form>
                  ) : (
                    <details>
                      <summary>{t("op.mem.suspend")}<span className="sr-only"> {m.name}</span></summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value={INTENTS.suspend} />
                        <input type="hidden" name="memberId" value={m.id} />
                        <p className="small">{t("op.mem.suspendWarning", { name: m.name })}</p>
                        <button type="submit" className="small-button">{t("op.mem.suspendConfirm", { name: m.name })}</button>
                      </Form>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label={t("op.mem.paging")} className="toolbar">
        {paged ? <Link to={`?${first.toString()}`}>{t("op.mem.first")}</Link> : null}
        {nextCursor ? <Link to={`?${next.toString()}`} rel="next">{t("op.mem.next")}</Link> : null}
      </nav>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t("invite.listTitle")}</h2>
        <InvitationList items={invitations} title={t("invite.listTitle")} result={invited} showInviter />
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
