import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, TextAreaField } from "~/components/Field";
import { TagInput } from "~/components/TagInput";
import { useT } from "~/i18n";
import { fieldsOf, readForm } from "~/lib/forms";
import { parseForm, reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import networkStyles from "~/styles/network.css";

export const links = () => [{ rel: "stylesheet", href: networkStyles }];
export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.profile.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const [profile, specialties, offers, needs] = await Promise.all([
    context.services.network.getProfile(viewer.id),
    context.services.network.tags("specialties"),
    context.services.network.tags("offers"),
    context.services.network.tags("needs"),
  ]);
  const names = (rows: Array<{ tag: string }>) => rows.map((r) => r.tag);
  return {
    profile,
    suggestions: { specialties: names(specialties), offers: names(offers), needs: names(needs) },
    max: context.limits.maxLengths(context.schemas.network.ProfilePatch),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const f = fieldsOf(await readForm(request));
  const parsed = parseForm(context, context.schemas.network.ProfilePatch, {
    name: f.text("name"),
    headline: f.text("headline"),
    businessName: f.text("businessName"),
    city: f.text("city"),
    bio: f.text("bio"),
    specialties: f.list("specialties"),
    offers: f.list("offers"),
    needs: f.list("needs"),
    links: f.list("links", /\s+/),
    showPresence: f.checked("showPresence"),
    hidden: f.checked("hidden"),
  });
  if (!parsed.ok) return reply(parsed);
  await context.services.network.updateProfile(viewer.id, parsed.data);
  return reply({ ok: true as const });
}

export default function Network() {
  const { profile, suggestions, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  return (
    <section className="stack network-page">
      <p><Link to="/network">← {t("network.title")}</Link></p>
      <h1>{t("network.profile")}</h1>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title" className="sr-only">{t("network.profile")}</h2>
        <p className="muted">{t("network.profileHelp")}</p>
        <Form method="post" className="form">
          {result?.ok ? <p className="notice" role="status">{t("form.saved")}</p> : null}
          {result && !result.ok ? <p className="form-error" role="alert">{t("form.errors")}</p> : null}
          <Field label={t("profile.name")} name="name" required maxLength={max.name} defaultValue={profile.name} error={errors.name} autoComplete="name" />
          <Field label={t("profile.headline")} name="headline" maxLength={max.headline} defaultValue={profile.headline} error={errors.headline} />
          <Field label={t("profile.businessName")} name="businessName" maxLength={max.businessName} defaultValue={profile.businessName} error={errors.businessName} />
          <Field label={t("profile.city")} name="city" maxLength={max.city} defaultValue={profile.city} error={errors.city} />
          <TextAreaField label={t("profile.bio")} name="bio" rows={4} maxLength={max.bio} defaultValue={profile.bio} error={errors.bio} />
          <TagInput label={t("profile.specialties")} name="specialties" hint={t("profile.tagsHint")} defaultValue={profile.specialties} suggestions={suggestions.specialties} removeLabel={(tag) => t("profile.removeTag", { tag })} error={errors.specialties} />
          <TagInput label={t("profile.offers")} name="offers" hint={t("profile.tagsHint")} defaultValue={profile.offers} suggestions={suggestions.offers} removeLabel={(tag) => t("profile.removeTag", { tag })} error={errors.offers} />
          <TagInput label={t("profile.needs")} name="needs" hint={t("profile.tagsHint")} defaultValue={profile.needs} suggestions={suggestions.needs} removeLabel={(tag) => t("profile.removeTag", { tag })} error={errors.needs} />
          <TextAreaField label={t("profile.links")} name="links" rows={2} hint={t("profile.linksHint")} defaultValue={profile.links.join("\n")} error={errors.links} />
          <div className="checkbox">
            <input type="checkbox" id="showPresence" name="showPresence" defaultChecked={profile.showPresence} />
            <label htmlFor="showPresence">{t("profile.showPresence")}</label>
          </div>
          <div className="checkbox">
            <input type="checkbox" id="hidden" name="hidden" defaultChecked={profile.hidden} />
            <label htmlFor="hidden">{t("profile.hidden")}</label>
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("form.saving") : t("form.save")}
          </button>
        </Form>
      </section>
    </section>
  );
}
