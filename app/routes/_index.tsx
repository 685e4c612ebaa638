import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n";

export async function loader({ context }: LoaderFunctionArgs) {
  return { name: context.viewer?.name ?? null };
}

export default function Index() {
  const { name } = useLoaderData<typeof loader>();
  const t = useT();
  if (!name) {
    return (
      <section className="hero">
        <h1>{t("home.hero.title")}</h1>
        <p>{t("home.hero.body")}</p>
        <p className="muted">{t("app.tagline")}</p>
        <div className="actions">
          <Link className="button" to="/signup">{t("home.cta.signup")}</Link>
          <Link className="button secondary" to="/login">{t("home.cta.login")}</Link>
        </div>
      </section>
    );
  }
  return (
    <section className="stack">
      <h1>{t("home.welcome", { name })}</h1>
      <div className="grid">
        <Link className="card" to="/spaces"><h2>{t("nav.spaces")}</h2><p>{t("home.cards.spaces")}</p></Link>
        <Link className="card" to="/projects"><h2>{t("nav.projects")}</h2><p>{t("home.cards.projects")}</p></Link>
        <Link className="card" to="/network"><h2>{t("nav.network")}</h2><p>{t("home.cards.network")}</p></Link>
      </div>
    </section>
  );
}
