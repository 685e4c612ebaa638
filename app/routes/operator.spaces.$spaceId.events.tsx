import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { Field, SelectField, TextAreaField } from "~/components/Field";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { UpcomingEvents } from "~/components/UpcomingEvents";
import { useT } from "~/i18n";
import { runEventIntent } from "~/lib/event-intents.server";
import { readForm } from "~/lib/forms";
import { reply } from "~/lib/forms.server";
import { requireOperatorSpace } from "~/lib/operator.server";
import { EVENT_INTENTS } from "~/lib/intents";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

// A space's community events for its operators: the upcoming ones and a form to create one (date and time in the
// space's zone, seats, an optional room booked with it, members or public, weekly for a number of weeks).

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorEvents.title", data?.space.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const [events, resources] = await Promise.all([
    context.services.community.events.list(viewer, { spaceId: space.id, limit: 20 }),
    context.services.spaces.resources(space.id, { activeOnly: true }),
  ]);
  return { space: { id: space.id, name: space.name, timezone: space.timezone }, events: events.items, rooms: resources.filter((r) => r.kind !== "desk").map((r) => ({ id: r.id, name: r.name })) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer } = await requireOperatorSpace(request, context, params.spaceId);
  const result = await runEventIntent(context, viewer, await readForm(request));
  if (result.ok && result.eventId) throw redirect(`/events/${result.eventId}`);
  return reply(result);
}

export default function OperatorEventsPage() {
  const { space, events, rooms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failed = result && !result.ok ? result : null;
  const errors = failed?.errors ?? {};
  return (
    <section className="stack op-page">
      <p className="no-print">
        <Link to="/operator">← {t("operator.title")}</Link>
      </p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <UpcomingEvents events={events} />
      <section className="card" aria-labelledby="new-event-title">
        <h2 id="new-event-title">{t("events.new")}</h2>
        <p className="muted">{t("events.new.help", { tz: space.timezone })}</p>
        {failed ? <FormErrorMessage code={failed.code} message={failed.message} details={failed.details} /> : null}
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value={EVENT_INTENTS.create} />
          <input type="hidden" name="spaceId" value={space.id} />
          <Field label={t("events.field.title")} name="title" required maxLength={200} error={errors.title} />
          <TextAreaField label={t("events.field.description")} name="description" rows={3} maxLength={5000} error={errors.description} />
          <Field label={t("events.field.start")} name="start" type="datetime-local" required error={errors.start} />
          <Field label={t("events.field.end")} name="end" type="datetime-local" required error={errors.end} />
          <Field label={t("events.field.capacity")} name="capacity" type="number" min={1} max={10000} required defaultValue="20" error={errors.capacity} />
          <SelectField label={t("events.field.room")} name="resourceId" defaultValue="" error={errors.resourceId}>
            <option value="">{t("events.field.noRoom")}</option>
            {rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("events.field.visibility")} name="visibility" defaultValue="members" error={errors.visibility}>
            <option value="members">{t("events.visibility.members")}</option>
            <option value="public">{t("events.visibility.public")}</option>
          </SelectField>
          <Field label={t("events.field.weeks")} name="weeks" type="number" min={1} max={52} defaultValue="1" error={errors.recurrence} />
          <button type="submit">{t("events.create")}</button>
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
