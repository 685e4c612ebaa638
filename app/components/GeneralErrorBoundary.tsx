import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n";

type StatusHandler = (info: { error: { status: number; data: unknown } }) => ReactNode;

/** The one error boundary: friendly pages per status, with optional per-route handlers. */
export function GeneralErrorBoundary({ statusHandlers = {} }: { statusHandlers?: Record<number, StatusHandler> }) {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error)) {
    const custom = statusHandlers[error.status];
    if (custom) return <section className="error-page">{custom({ error })}</section>;
    const key = error.status === 404 ? "404" : error.status === 403 ? "403" : "generic";
    return (
      <section className="error-page" aria-labelledby="error-title">
        <p className="error-code">{error.status}</p>
        <h1 id="error-title">{t(`error.${key}.title`)}</h1>
        <p>{t(`error.${key}.body`)}</p>
        <Link to="/">{t("error.backHome")}</Link>
      </section>
    );
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t("error.generic.title")}</h1>
      <p>{t("error.generic.body")}</p>
      <Link to="/">{t("error.backHome")}</Link>
    </section>
  );
}
