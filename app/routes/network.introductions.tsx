// Introductions that happen (issue 16, item 5), the member's page: "introduce me this week", each introduction the
// network manager made with its note, the other's card, whether the two are connected yet (both accept: then
// contact links are shared), the room and time suggested (booked in one click), and afterwards "did you meet? was
// it useful?". Every action is one form post (works without JavaScript).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { MemberCard } from "~/components/MemberCard";
import { useLocale, useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { fail, failure, idOf, parseForm, reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import { formatInstantRange } from "~/lib/time";
import networkStyles from "~/styles/network.css";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.introductions.title");
export const links = () => [{ rel: "stylesheet", href: networkStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return context.services.introductions.mine(viewer);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  try {
    switch (f.text("intent")) {
      case "opt-in": {
        const parsed = parseForm(context, context.schemas.introductions.OptInInput, { thisWeek: f.text("thisWeek") === "true" });
        if (!parsed.ok) return reply(parsed);
        const saved = await context.services.introductions.setOptIn(viewer, parsed.data);
        return reply({ ok: true as const, kind: saved.thisWeek ? ("optedIn" as const) : ("optedOut" as const) });
      }
      case "feedback": {
        const id = idOf(context, f.optional("introductionId"));
        if (!id) return reply(fail(context, "not_found"));
        const met = f.text("met") === "yes";
        const useful = met && f.optional("useful") ? f.text("useful") === "yes" : undefined;
        const parsed = parseForm(context, context.schemas.introductions.FeedbackInput, { met, ...(useful === undefined ? {} : { useful }) });
        if (!parsed.ok) return reply(parsed);
        await context.services.introductions.feedback(viewer, id, parsed.data);
        return reply({ ok: true as const, kind: "thanked" as const });
      }
      case "book": {
        // The suggested room and time, as the introduction holds them (never what the form says).
        const id = idOf(context, f.optional("introductionId"));
        const intro = id ? (await context.services.introductions.mine(viewer)).items.find((i) => i.id === id) : undefined;
        if (!intro?.meeting) return reply(fail(context, "not_found"));
        const m = intro.meeting;
        const parsed = parseForm(context, context.schemas.bookings.BookingCreateInput, { resourceId: m.resourceId, start: m.start, end: m.end });
        if (!parsed.ok) return reply(parsed);
        await context.services.bookings.create(viewer, parsed.data);
        return reply({ ok: true as const, kind: "booked" as const });
      }
      default:
        return reply(fail(context, "validation_failed"));
    }
  } catch (error) {
    return reply(failure(context, error));
  }
}

export default function Introductions() {
  const { optIn, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const labels = { offers: t("member.offers"), needs: t("member.needs") };
  return (
    <section className="stack network-page">
      <p>
        <Link to="/network" className="back-link"><ArrowLeft aria-hidden="true" size={16} /> {t("network.title")}</Link>
      </p>
      <h1>{t("intro.title")}</h1>
      {result?.ok ? <p className="notice" role="status">{t(`intro.done.${result.kind}`)}</p> : null}
      {result && !result.ok ? <FormErrorMessage code={result.code} message={result.message} details={result.details} /> : null}

      <section className="card stack" aria-labelledby="optin-title" data-testid="opt-in">
        <h2 id="optin-title">{t("intro.optInTitle")}</h2>
        <p>{t(optIn.thisWeek ? "intro.optedIn" : "intro.optInHelp")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="opt-in" />
          <input type="hidden" name="thisWeek" value={optIn.thisWeek ? "false" : "true"} />
          <button type="submit" className={optIn.thisWeek ? "button secondary" : "primary"} disabled={busy}>
            {t(optIn.thisWeek ? "intro.optOut" : "intro.optIn")}
          </button>
        </Form>
      </section>

      <section className="stack" aria-labelledby="intros-title">
        <h2 id="intros-title">{t("intro.list", { count: items.length })}</h2>
        {items.length === 0 ? <p className="muted">{t("intro.none")}</p> : null}
        {items.map((i) => (
          <article key={i.id} className="card stack" data-testid="introduction" aria-labelledby={`intro-${i.id}`}>
            <h3 id={`intro-${i.id}`}>{t("intro.with", { name: i.member.name })}</h3>
            <p className="muted">“{i.note}”</p>
            <MemberCard member={i.member} labels={labels}>
              {i.connected ? (
                <p data-testid="intro-connected">{t("intro.connected")}</p>
              ) : (
                <p>
                  {t("intro.notYet")} <Link to={`/members/${i.member.id}?introduction=${i.id}`}>{t("intro.connect", { name: i.member.name })}</Link>
                </p>
              )}
            </MemberCard>
            {i.meeting ? (
              <div className="stack" data-testid="intro-meeting">
                <p>{t("intro.meeting", { room: i.meeting.resourceName, space: i.meeting.spaceName, when: formatInstantRange(i.meeting.start, i.meeting.end, locale, i.meeting.timezone) })}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="book" />
                  <input type="hidden" name="introductionId" value={i.id} />
                  <button type="submit" className="button secondary" disabled={busy}>{t("intro.book")}</button>
                </Form>
              </div>
            ) : null}
            <Form method="post" className="form" aria-label={t("intro.feedbackTitle", { name: i.member.name })}>
              <input type="hidden" name="intent" value="feedback" />
              <input type="hidden" name="introductionId" value={i.id} />
              <fieldset>
                <legend>{t("intro.met")}</legend>
                <label><input type="radio" name="met" value="yes" required defaultChecked={i.feedback?.met === true} /> {t("intro.yes")}</label>
                <label><input type="radio" name="met" value="no" defaultChecked={i.feedback?.met === false} /> {t("intro.notYetMet")}</label>
              </fieldset>
              <fieldset>
                <legend>{t("intro.useful")}</legend>
                <label><input type="radio" name="useful" value="yes" defaultChecked={i.feedback?.useful === true} /> {t("intro.yes")}</label>
                <label><input type="radio" name="useful" value="no" defaultChecked={i.feedback?.useful === false} /> {t("intro.no")}</label>
              </fieldset>
              <button type="submit" className="button secondary" disabled={busy}>{t(i.feedback ? "intro.feedbackAgain" : "intro.feedbackSend")}</button>
            </Form>
          </article>
        ))}
      </section>
    </section>
  );
}
