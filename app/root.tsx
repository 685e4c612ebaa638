import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  Links,
  LiveReload,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/GeneralErrorBoundary";
import { formatNumber, LocaleContext, useLocale, useT, type Locale } from "./i18n";
import { useNonce } from "./lib/nonce";
import { SocketProvider, useSocket, useSocketEvent } from "./realtime/socket";
import { UnreadProvider, useUnread } from "./realtime/unread";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Jejaring" },
  { name: "description", content: "The hub of a network of Indonesian UMKM specialists." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const v = context.viewer;
  const [notifications, projects] = v
    ? await Promise.all([context.services.notifications.list(v.id, { limit: 1 }), context.services.projects.listMine(v.id)])
    : [null, []];
  return {
    locale: context.locale,
    viewer: v ? { id: v.id, name: v.name, role: v.role } : null,
    unread: notifications?.unread ?? 0,
    // Unread room messages per project (only the projects that have some), for the nav badge.
    projectUnread: Object.fromEntries(projects.filter((p) => p.unread > 0).map((p) => [p.id, p.unread])) as Record<string, number>,
  };
}

/** Entering or leaving the projects pages refreshes the unread counts; otherwise Remix's default. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) => {
  const projects = (path: string) => path === "/projects" || path.startsWith("/projects/");
  if (currentUrl.pathname !== nextUrl.pathname && (projects(currentUrl.pathname) || projects(nextUrl.pathname))) return true;
  return defaultShouldRevalidate;
};

type RootData = Awaited<ReturnType<typeof loader>>;

function ConnectionStatus() {
  const { status } = useSocket();
  const t = useT();
  const label = t(status === "connected" ? "rt.connected" : status === "connecting" ? "rt.connecting" : "rt.disconnected");
  return (
    <span className={`rt-status rt-${status}`} data-testid="rt-status" data-status={status} role="status" aria-live="polite">
      <span className="rt-dot" aria-hidden="true" />
      <span className="sr-only">{t("rt.status", { status: "" })}</span>
      {label}
    </span>
  );
}

/** Unread notifications: the loader's count, bumped live by `notification` events until the next load. */
function NotificationBell({ unread }: { unread: number }) {
  const t = useT();
  const locale = useLocale();
  const [extra, setExtra] = useState(0);
  useEffect(() => setExtra(0), [unread]);
  const onNew = useCallback(() => setExtra((n) => n + 1), []);
  useSocketEvent("notification", onNew);
  const count = unread + extra;
  return (
    <NavLink to="/notifications" className="bell" data-testid="bell">
      {t("nav.notifications")}
      {count ? (
        <>
          {" "}
          <span className="badge" aria-hidden="true">{formatNumber(count, locale)}</span>
          <span className="sr-only">{t("notifications.unread", { count })}</span>
        </>
      ) : null}
    </NavLink>
  );
}

/** "Projects" in the nav, with the unread room messages: the loader's counts plus live ones from other rooms. */
function ProjectsNavLink() {
  const t = useT();
  const { total } = useUnread();
  return (
    <NavLink to="/projects" data-testid="nav-projects">
      {t("nav.projects")}
      {total ? (
        <>
          {" "}
          <span className="badge" aria-hidden="true">{total}</span>
          <span className="sr-only">{t("projects.unreadCount", { count: total })}</span>
        </>
      ) : null}
    </NavLink>
  );
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const location = useLocation();
  return (
    <Form method="post" action="/lang" className="lang-switch" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="locale" value={locale === "id" ? "en" : "id"} lang={locale === "id" ? "en" : "id"}>
        {locale === "id" ? "English" : "Bahasa Indonesia"}
      </button>
    </Form>
  );
}

function Header({ data }: { data: RootData }) {
  const t = useT();
  const v = data.viewer;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="header-row">
        <NavLink to="/" className="brand" end>
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{" "}
          {t("app.name")}
        </NavLink>
        {v ? <ConnectionStatus /> : null}
        <LanguageSwitch locale={data.locale} />
      </div>
      <nav aria-label={t("nav.main")} className="main-nav">
        <ul>
          {v ? (
            <>
              <li><NavLink to="/spaces">{t("nav.spaces")}</NavLink></li>
              <li><NavLink to="/bookings">{t("nav.bookings")}</NavLink></li>
              <li><ProjectsNavLink /></li>
              <li><NavLink to="/network">{t("nav.network")}</NavLink></li>
              {v.role !== "member" ? <li><NavLink to="/operator">{t("nav.operator")}</NavLink></li> : null}
              {v.role === "admin" ? <li><NavLink to="/admin">{t("nav.admin")}</NavLink></li> : null}
              <li><NotificationBell unread={data.unread} /></li>
              <li><NavLink to="/account">{t("nav.account")}</NavLink></li>
              <li>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">{t("nav.logout")}</button>
                </Form>
              </li>
            </>
          ) : (
            <>
              <li><NavLink to="/login">{t("nav.login")}</NavLink></li>
              <li><NavLink to="/signup">{t("nav.signup")}</NavLink></li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}

const NO_UNREAD: Record<string, number> = {};

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  const locale = data?.locale ?? "id";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <LocaleContext.Provider value={locale}>
          <SocketProvider memberId={data?.viewer?.id ?? null}>
            <UnreadProvider me={data?.viewer?.id ?? null} initial={data?.projectUnread ?? NO_UNREAD}>
              {data ? <Header data={data} /> : null}
              <main id="main" tabIndex={-1}>
                {children}
              </main>
            </UnreadProvider>
          </SocketProvider>
        </LocaleContext.Provider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <LiveReload nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
