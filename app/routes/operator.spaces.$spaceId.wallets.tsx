import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, TextAreaField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { useT } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { failure, idOf, parseForm, reply } from "~/lib/forms.server";
import { invariantResponse } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { requireOperatorSpace } from "~/lib/operator.server";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorWallets.title", data?.space.name);

const INTENTS = { adjust: "adjust" } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const wallets = await context.services.billing.wallet.spaceWallets(viewer, space.id);
  return { space: { id: space.id, name: space.name }, items: wallets.items };
}

type Values = { credits: string; dayPasses: string; reason: string };
type Result = { ok: true; memberName: string } | (FormError & { memberId: string; input: Values });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const f = fieldsOf(await readForm(request));
  invariantResponse(f.text("intent") === INTENTS.adjust, "Not found", { status: 404 });
  const memberId = idOf(context, f.optional("memberId"));
  invariantResponse(memberId, "Not found", { status: 404 });
  const input: Values = { credits: f.text("credits"), dayPasses: f.text("dayPasses"), reason: f.text("reason") };
  const failed = (e: FormError) => reply<Result>({ ...e, memberId, input });
  const parsed = parseForm(context, context.schemas.billing.wallet.AdjustmentInput, { spaceId: space.id, credits: f.int("credits"), dayPasses: f.int("dayPasses"), reason: input.reason });
  if (!parsed.ok) return failed(parsed);
  try {
    await context.services.billing.wallet.adjust(viewer, memberId, parsed.data);
    const member = (await context.services.billing.wallet.spaceWallets(viewer, space.id)).items.find((i) => i.member.id === memberId);
    return reply<Result>({ ok: true, memberName: member?.member.name ?? "" });
  } catch (error) {
    return failed(failure(context, error));
  }
}

export default function Wallets() {
  const { space, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const failedFor = result && !result.ok ? result.memberId : null;
  return (
    <section className="stack op-page">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("billing.wallet.op.title")}</h2>
      <p className="muted">{t("billing.wallet.op.help")}</p>
      {result?.ok ? <p className="notice" role="status">{t("billing.wallet.op.saved", { name: result.memberName })}</p> : null}
      {items.length === 0 ? <p className="muted">{t("billing.wallet.op.none")}</p> : null}
      <ul className="booking-list op-wallets" data-testid="op-wallets">
        {items.map((i) => {
          const failed = failedFor === i.member.id && result && !result.ok ? result : null;
          return (
            <li key={i.member.id} data-member={i.member.id}>
              <div>
                <strong>{i.member.name}</strong>
                <br />
                <span className="muted">
                  {t("billing.wallet.creditsCount", { count: i.credits })} · {t("billing.wallet.dayPassesCount", { count: i.dayPasses })}
                </span>
              </div>
              <details className="op-confirm" open={failed ? true : undefined}>
                <summary className="small-button" aria-label={t("billing.wallet.op.adjustLabel", { name: i.member.name })}>{t("billing.wallet.op.adjust")}</summary>
                <Form method="post" className="op-confirm-body form">
                  <input type="hidden" name="intent" value={INTENTS.adjust} />
                  <input type="hidden" name="memberId" value={i.member.id} />
                  <p className="muted">{t("billing.wallet.op.adjustHelp")}</p>
                  <div className="field-row">
                    <Field label={t("billing.wallet.op.credits")} name="credits" type="number" step={1} inputMode="numeric" defaultValue={failed?.input.credits ?? ""} error={failed?.errors.credits} />
                    <Field label={t("billing.wallet.op.dayPasses")} name="dayPasses" type="number" step={1} inputMode="numeric" defaultValue={failed?.input.dayPasses ?? ""} error={failed?.errors.dayPasses} />
                  </div>
                  <TextAreaField label={t("billing.wallet.op.reason")} name="reason" rows={2} required maxLength={300} defaultValue={failed?.input.reason ?? ""} error={failed?.errors.reason} />
                  {failed ? <FormErrorMessage code={failed.code} message={failed.message} /> : null}
                  <button type="submit" disabled={busy}>{t("billing.wallet.op.save")}</button>
                </Form>
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
