import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { InvitationList, InvitationNotice, InviteForm } from "~/components/Invitations";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { INVITATION_INTENTS } from "~/lib/intents";
import { runInvitationIntent } from "~/lib/invitation-intents.server";
import { pageMeta } from "~/lib/meta";
import { requireOperatorSpace } from "~/lib/operator.server";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorInvitations.title", data?.space.name);

/** Whom an operator may invite to a space they run (the service decides; the form offers just these). */
const ROLES = ["member", "operator"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  // What the viewer sent for this space (an admin: everyone's).
  const { items } = await context.services.accounts.invitations.list(viewer, { spaceId: space.id });
  return { space: { id: space.id, name: space.name }, items, everyone: viewer.role === "admin", max: context.limits.maxLengths(context.schemas.accounts.InvitationInput) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  return reply(await runInvitationIntent(context, viewer, fieldsOf(await readForm(request)), { spaceId: space.id }));
}

export default function SpaceInvitations() {
  const { space, items, everyone, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="stack op-page">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("invite.title")}</h2>
        <p className="muted small">{t("invite.spaceIntro", { space: space.name })}</p>
        <InvitationNotice result={result} intent={INVITATION_INTENTS.invite} />
        <InviteForm roles={ROLES} result={result} idPrefix="invite" labelledBy="invite-title" max={max} />
      </section>
      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t("invite.listTitle")}</h2>
        <InvitationList items={items} title={t("invite.listTitle")} result={result} showInviter={everyone} />
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
