import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { domainError, readForm } from "~/lib/forms";
import { requireAdmin } from "~/lib/guards.server";

import { formatDate, ymd } from "~/lib/time";

export const meta: MetaFunction = () => [{ title: "Members · Admin · Jejaring" }];

const ROLES = ["member", "operator", "admin"] as const;
const PAGE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const url = new URL(request.url);
  const raw = {
    q: url.searchParams.get("q") || undefined,
    role: url.searchParams.get("role") || undefined,
    suspended: url.searchParams.get("suspended") || undefined,
    cursor: url.searchParams.get("cursor") || undefined,
  };
  const parsed = context.validate(context.schemas.identity.AdminMembersQuery, { ...raw, limit: PAGE });
  const query = parsed.ok ? parsed.data : { limit: PAGE };
  // A cursor no page handed out (edited, truncated) starts again at the first page instead of failing the page.
  const page = await context.services.identity.listForAdmin(viewer, query).catch((error: unknown) => {
    if (query.cursor && domainError(error)?.code === "validation_failed") return context.services.identity.listForAdmin(viewer, { ...query, cursor: undefined });
    throw error;
  });
  return {
    viewerId: viewer.id,
    filters: { q: raw.q ?? "", role: raw.role ?? "", suspended: raw.suspended ?? "" },
    invalid: !parsed.ok,
    paged: Boolean(raw.cursor),
    ...page,
  };
}

type Result =
  | { ok: true; kind: "role" | "suspended" | "unsuspended"; name: string; role?: string }
  | { ok: false; code: string; message: string; reason?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireAdmin(request, context);
  const form = await readForm(request);
  const id = context.validate(context.schemas.bookings.BookResourceInput.shape.resourceId, form.get("memberId"));
  if (!id.ok) return data<Result>({ ok: false, code: "not_found", message: "" }, { status: 404 });
  try {
    switch (form.get("intent")) {
      case "role": {
        const role = context.validate(context.schemas.identity.RoleUpdateInput, { role: form.get("role") });
        if (!role.ok) return data<Result>({ ok: false, code: "validation_failed", message: "" }, { status: 400 });
        const m = await context.services.identity.setRole(viewer, id.data, role.data.role);
        return data<Result>({ ok: true, kind: "role", name: m.name, role: role.data.role });
      }
      case "suspend":
      case "unsuspend": {
        const suspend = form.get("intent") === "suspend";
        const m = await context.services.identity.setSuspended(viewer, id.data, suspend);
        return data<Result>({ ok: true, kind: suspend ? "suspended" : "unsuspended", name: m.name });
      }
      default:
        return data<Result>({ ok: false, code: "validation_failed", message: "Unknown action." }, { status: 400 });
    }
  } catch (error) {
    const e = domainError(error);
    if (!e) throw error;
    const reason = typeof e.details.reason === "string" ? e.details.reason : undefined;
    return data<Result>({ ok: false, code: e.code, message: e.message, reason }, { status: e.status });
  }
}

export default function AdminMembers() {
  const { items, nextCursor, filters, invalid, paged, viewerId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const next = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...(nextCursor ? { cursor: nextCursor } : {}) });
  const first = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  return (
    <section className="stack" aria-busy={busy}>
      <p><Link to="/admin">← {t("admin.title")}</Link></p>
      <h1>{t("op.mem.title")}</h1>

      <Form method="get" className="toolbar" aria-label={t("op.mem.search")}>
        <div className="field">
          <label htmlFor="mem-q">{t("op.mem.q")}</label>
          <input id="mem-q" type="search" name="q" defaultValue={filters.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="mem-role">{t("op.mem.role")}</label>
          <select id="mem-role" name="role" defaultValue={filters.role}>
            <option value="">{t("op.mem.any")}</option>
            {ROLES.map((r) => <option key={r} value={r}>{t(`op.role.${r}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mem-suspended">{t("op.mem.status")}</label>
          <select id="mem-suspended" name="suspended" defaultValue={filters.suspended}>
            <option value="">{t("op.mem.any")}</option>
            <option value="false">{t("op.mem.activeOnly")}</option>
            <option value="true">{t("op.mem.suspendedOnly")}</option>
          </select>
        </div>
        <button type="submit" className="small-button">{t("op.mem.searchButton")}</button>
      </Form>
      {invalid ? <p className="form-error" role="alert">{t("errors.validation_failed")}</p> : null}

      {result?.ok ? (
        <p className="notice" role="status">
          {result.kind === "role" ? t("op.mem.roleChanged", { name: result.name, role: t(`op.role.${result.role}` as MessageKey) }) : null}
          {result.kind === "suspended" ? t("op.mem.suspendedDone", { name: result.name }) : null}
          {result.kind === "unsuspended" ? t("op.mem.unsuspendedDone", { name: result.name }) : null}
        </p>
      ) : result?.reason === "last_admin" ? (
        <p className="form-error" role="alert">{t("op.mem.lastAdmin")}</p>
      ) : result ? (
        <p className="form-error" role="alert">{t(`errors.${result.code}` as MessageKey)} {result.message ? <span className="muted">({result.message})</span> : null}</p>
      ) : null}

      {items.length === 0 ? <p>{t("op.mem.empty")}</p> : null}
      <div className="grid-scroll" tabIndex={0} role="region" aria-label={t("op.mem.title")}>
        <table>
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
                <td>{m.email}</td>
                <td>
                  <Form method="post" className="toolbar">
                    <input type="hidden" name="intent" value="role" />
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
                <td>{m.suspended ? <strong className="badge-text">{t("op.mem.suspended")}</strong> : t("op.res.active")}</td>
                <td>{m.lastSeenAt ? formatDate(ymd(m.lastSeenAt), locale) : "—"}</td>
                <td>
                  {m.id === viewerId ? (
                    <span className="muted">{t("op.mem.you")}</span>
                  ) : m.suspended ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="unsuspend" />
                      <input type="hidden" name="memberId" value={m.id} />
                      <button type="submit" className="small-button">{t("op.mem.unsuspend")}<span className="sr-only"> {m.name}</span></button>
                    </Form>
                  ) : (
                    <details>
                      <summary>{t("op.mem.suspend")}<span className="sr-only"> {m.name}</span></summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value="suspend" />
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
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
