import { Form } from "@remix-run/react";
import type { InvitationOut } from "../../server/domain/identity/accounts.schemas";
import { Field, SelectField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { useBrowserZone } from "~/lib/browser-zone";
import type { FieldErrors } from "~/lib/forms";
import type { InvitationResult } from "~/lib/invitation-intents.server";
import { INVITATION_INTENTS, type IntentOf } from "~/lib/intents";
import { dateIn, formatDate } from "~/lib/time";

type Role = InvitationOut["role"];
/** What an invitation form post answered, as the page got it back. */
export type InvitationOutcome = InvitationResult;

/** The outcome of an invite or a withdrawal (`intent`: the one this place shows), by the form that posted it. */
export function InvitationNotice({ result, intent }: { result: InvitationOutcome | undefined; intent: IntentOf<typeof INVITATION_INTENTS> }) {
  const t = useT();
  if (!result || result.intent !== intent) return null;
  if (result.ok) {
    return (
      <p className="notice" role="status">
        {result.kind === "invited" ? t("invite.sent", { to: result.to }) : t("invite.withdrawn")}
      </p>
    );
  }
  // Field problems are said beside their fields; this line says the form has them.
  if (result.code === "validation_failed" && Object.keys(result.errors).length) return <p className="form-error" role="alert">{t("form.errors")}</p>;
  return <FormErrorMessage code={result.code} message={result.message} />;
}

function fieldErrors(t: ReturnType<typeof useT>, result: InvitationOutcome | undefined): FieldErrors {
  if (!result || result.ok || result.intent !== INVITATION_INTENTS.invite) return {};
  const e = result.errors;
  const values = result.values;
  return {
    ...e,
    // Neither given: the schema says so on `email`, in its own words; the form says which two it wants.
    ...(e.email && !values?.email && !values?.phone ? { email: t("invite.contactNeeded") } : {}),
    ...(e.phone ? { phone: t("invite.phoneInvalid") } : {}),
  };
}

/**
 * The invite form: an email (or a WhatsApp number, when `phone`), the role among `roles` (none: fixed by the page),
 * and the space among `spaces` (none: fixed by the page, or no space). Works as a plain form post.
 */
export function InviteForm({
  roles,
  spaces,
  phone = true,
  result,
  idPrefix,
  labelledBy,
  max,
}: {
  roles?: readonly Role[];
  spaces?: Array<{ id: string; name: string }>;
  phone?: boolean;
  result: InvitationOutcome | undefined;
  /** Ids unique on the page (a page may show other forms with an email field). */
  idPrefix: string;
  labelledBy: string;
  /** The longest email and phone the server takes. */
  max: { email?: number; phone?: number };
}) {
  const t = useT();
  const failed = result && !result.ok && result.intent === INVITATION_INTENTS.invite ? result : undefined;
  const values = failed?.values;
  const errors = fieldErrors(t, result);
  // A fresh form after a success (the next invitation starts empty).
  const key = result?.ok ? `sent-${result.kind === "invited" ? result.to : "w"}` : "form";
  return (
    <Form method="post" preventScrollReset className="form" aria-labelledby={labelledBy} key={key}>
      <input type="hidden" name="intent" value={INVITATION_INTENTS.invite} />
      <Field
        label={t("invite.email")}
        id={`${idPrefix}-email`}
        name="email"
        type="email"
        autoComplete="off"
        required={!phone}
        maxLength={max.email}
        hint={phone ? t("invite.contactHint") : undefined}
        defaultValue={values?.email}
        error={errors.email}
      />
      {phone ? (
        <Field
          label={t("invite.phone")}
          id={`${idPrefix}-phone`}
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          pattern="\+[1-9][0-9]{6,14}"
          maxLength={max.phone}
          hint={t("invite.phoneHint")}
          defaultValue={values?.phone}
          error={errors.phone}
        />
      ) : null}
      {roles && roles.length > 1 ? (
        <SelectField label={t("invite.role")} id={`${idPrefix}-role`} name="role" defaultValue={values?.role || roles[0]} error={errors.role}>
          {roles.map((r) => <option key={r} value={r}>{t(`op.role.${r}`)}</option>)}
        </SelectField>
      ) : null}
      {spaces ? (
        <SelectField label={t("invite.space")} id={`${idPrefix}-space`} name="spaceId" defaultValue={values?.spaceId ?? ""} hint={t("invite.spaceHint")} error={errors.spaceId}>
          <option value="">{t("invite.noSpace")}</option>
          {spaces.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </SelectField>
      ) : null}
      <button type="submit" className="primary">{t("invite.submit")}</button>
    </Form>
  );
}

/** Sent invitations with their status and dates (in the reader's zone), and "Withdraw" for those still waiting. */
export function InvitationList({
  items,
  title,
  result,
  showInviter = false,
  compact = false,
}: {
  items: InvitationOut[];
  title: string;
  result: InvitationOutcome | undefined;
  showInviter?: boolean;
  /** A narrow card's list (a project's people): who, status and until when; role and place are the page's own. */
  compact?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const zone = useBrowserZone();
  const day = (iso: string) => <time dateTime={iso}>{formatDate(dateIn(zone, iso), locale)}</time>;
  const notice = <InvitationNotice result={result} intent={INVITATION_INTENTS.withdraw} />;
  if (items.length === 0) return <>{notice}<p className="muted">{t("invite.empty")}</p></>;
  const status = (i: InvitationOut) =>
    i.status === "pending" ? t("invite.status.pending") : <strong className="badge-text">{t(`invite.status.${i.status}` as MessageKey)}</strong>;
  const withdraw = (i: InvitationOut, to: string) =>
    i.status === "pending" ? (
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value={INVITATION_INTENTS.withdraw} />
        <input type="hidden" name="invitationId" value={i.id} />
        <button type="submit" className="small-button">{t("invite.withdraw")}<span className="sr-only"> {to}</span></button>
      </Form>
    ) : null;
  if (compact) {
    return (
      <>
        {notice}
        <ul className="here-list" aria-label={title} data-testid="invitations">
          {items.map((i) => {
            const to = i.email ?? i.phone ?? "";
            return (
              <li key={i.id} className="person" data-testid={`invitation-${to}`}>
                <span>
                  {to}
                  <span className="muted small"> · <span data-testid="invitation-status">{status(i)}</span> · {t("invite.expiresOn")} {day(i.expiresAt)}</span>
                </span>
                <span className="person-actions">{withdraw(i, to)}</span>
              </li>
            );
          })}
        </ul>
      </>
    );
  }
  return (
    <>
    {notice}
    <table className="op-table" data-testid="invitations">
      <caption className="sr-only">{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t("invite.to")}</th>
          <th scope="col">{t("invite.role")}</th>
          <th scope="col">{t("invite.where")}</th>
          {showInviter ? <th scope="col">{t("invite.by")}</th> : null}
          <th scope="col">{t("invite.status")}</th>
          <th scope="col">{t("invite.sentOn")}</th>
          <th scope="col">{t("invite.expiresOn")}</th>
          <th scope="col">{t("invite.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => {
          const to = i.email ?? i.phone ?? "";
          return (
            <tr key={i.id} data-testid={`invitation-${to}`}>
              <th scope="row">{to}</th>
              <td data-label={t("invite.role")}>{t(`op.role.${i.role}`)}</td>
              <td data-label={t("invite.where")}>{where(t, i)}</td>
              {showInviter ? <td data-label={t("invite.by")}>{i.inviterName ?? t("invite.gone")}</td> : null}
              <td data-label={t("invite.status")} data-testid="invitation-status">{status(i)}</td>
              <td data-label={t("invite.sentOn")}>{day(i.createdAt)}</td>
              <td data-label={t("invite.expiresOn")}>{day(i.expiresAt)}</td>
              <td data-label={t("invite.actions")}>{withdraw(i, to)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </>
  );
}

function where(t: ReturnType<typeof useT>, i: InvitationOut): string {
  const parts = [
    i.spaceId ? t("invite.spaceOf", { name: i.spaceName ?? t("invite.gone") }) : null,
    i.projectId ? t("invite.projectOf", { name: i.projectName ?? t("invite.gone") }) : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : t("invite.nowhere");
}
