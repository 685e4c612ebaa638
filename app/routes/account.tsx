import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n";
import { requireMember } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Account · Jejaring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  return { member: await context.services.identity.getMember(viewer.id) };
}

export default function Account() {
  const { member } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="card stack">
      <h1>{t("account.title")}</h1>
      <dl className="facts">
        <dt>{t("auth.name")}</dt>
        <dd>{member.name}</dd>
        <dt>{t("auth.email")}</dt>
        <dd>{member.email}</dd>
        <dt>{t("account.role")}</dt>
        <dd>{t(`role.${member.role}`)}</dd>
      </dl>
      <Form method="post" action="/logout">
        <input type="hidden" name="everywhere" value="1" />
        <button type="submit" className="button secondary">{t("account.logoutAll")}</button>
      </Form>
    </section>
  );
}
