import type { AppLoadContext } from "@remix-run/node";
import { fieldsOf, type FormError } from "./forms";
import { fail, failure, idOf, parseForm } from "./forms.server";
import { LEDGER_INTENTS } from "./intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

export type LedgerIntentResult = { ok: true; kind: "given" | "stepped" | "recorded" | "confirmed" | "rejected"; intent: string } | (FormError & { intent?: string });

/**
 * Rupiah as people type it ("15000000", "15.000.000", "15,000,000", "Rp 15 000 000", "Rp 12.500.000,00"): whole
 * rupiah; blank → undefined; anything else as typed, for the schema to refuse (never a guess that is 100× off).
 */
export function rupiah(raw: string): number | string | undefined {
  const v = raw.trim();
  if (!v) return undefined;
  const amount = v.replace(/^rp\.?\s*/i, "").replace(/[.,]0{1,2}$/, "");
  if (/^\d+$/.test(amount)) return Number(amount);
  if (/^\d{1,3}([.,\s\u00a0]\d{3})+$/.test(amount)) return Number(amount.replace(/[.,\s\u00a0]/g, ""));
  return v;
}

/** Hours with a decimal point or comma ("1,5" in Indonesian); blank → undefined, junk as typed for the schema. */
function hours(raw: string): number | string | undefined {
  const v = raw.trim().replace(",", ".");
  if (!v) return undefined;
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : raw;
}

/** The ledger page's forms, through the community service (the same schemas as the API). */
export async function runLedgerIntent(context: AppLoadContext, viewer: Viewer, form: FormData): Promise<LedgerIntentResult> {
  const f = fieldsOf(form);
  const intent = f.text("intent");
  const C = context.schemas.community;
  const tagged = (r: FormError) => ({ ...r, intent });
  try {
    switch (intent) {
      case LEDGER_INTENTS.give: {
        const parsed = parseForm(context, C.ReferralCreate, {
          toMemberId: f.text("toMemberId"),
          prospect: f.text("prospect"),
          description: f.text("description"),
          estimatedValue: rupiah(f.text("estimatedValue")),
        });
        if (!parsed.ok) return tagged(parsed);
        await context.services.community.referrals.give(viewer, parsed.data);
        return { ok: true, kind: "given", intent };
      }
      case LEDGER_INTENTS.step: {
        const id = idOf(context, f.optional("referralId"));
        if (!id) return tagged(fail(context, "not_found"));
        const parsed = parseForm(context, C.ReferralStep, { status: f.text("status"), closedValue: f.text("status") === "won" ? rupiah(f.text("closedValue")) : undefined });
        if (!parsed.ok) return { ...parsed, intent: `${intent}:${id}` };
        try {
          await context.services.community.referrals.step(viewer, id, parsed.data);
        } catch (error) {
          return { ...failure(context, error), intent: `${intent}:${id}` };
        }
        return { ok: true, kind: "stepped", intent };
      }
      case LEDGER_INTENTS.record: {
        const parsed = parseForm(context, C.HoursCreate, { toMemberId: f.text("toMemberId"), hours: hours(f.text("hours")), description: f.text("description") });
        if (!parsed.ok) return tagged(parsed);
        await context.services.community.hours.record(viewer, parsed.data);
        return { ok: true, kind: "recorded", intent };
      }
      case LEDGER_INTENTS.confirm:
      case LEDGER_INTENTS.reject: {
        const id = idOf(context, f.optional("recordId"));
        if (!id) return tagged(fail(context, "not_found"));
        try {
          if (intent === LEDGER_INTENTS.confirm) await context.services.community.hours.confirm(viewer, id);
          else await context.services.community.hours.reject(viewer, id);
        } catch (error) {
          return { ...failure(context, error), intent: `${intent}:${id}` };
        }
        return { ok: true, kind: intent === LEDGER_INTENTS.confirm ? "confirmed" : "rejected", intent };
      }
      default:
        return tagged(fail(context, "validation_failed"));
    }
  } catch (error) {
    return tagged(failure(context, error));
  }
}
