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
import { Bell, Building2, CalendarCheck, FolderKanban, Languages, LogOut, Menu, MessageSquare, Search, Settings, Shield, Users, X, Wallet } from "lucide-react";
import { useCallback, useEffect, useState, type KeyboardEvent, type ReactNode } from "react";
import { Avatar } from "./components/Avatar";
import { GeneralErrorBoundary } from "./components/GeneralErrorBoundary";
import { DictionaryContext, formatNumber, LocaleContext, useDictionary, useLocale, useT, type Locale } from "./i18n";
import { pageMeta } from "./lib/meta";
import { useNonce } from "./lib/nonce";
import { SocketProvider, useSocket, useSocketEvent } from "./realtime/socket";
import { UnreadProvider, useUnread } from "./realtime/unread";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.home.title");

export async function loader({ context }: LoaderFunctionArgs) {
  const v = context.viewer;
  const [notifications, projects, direct, photo] = v
    ? await Promise.all([
        context.services.notifications.list(v.id, { limit: 1 }),
        context.services.projects.listMine(v.id),
        context.services.projects.directUnread(v.id),
        context.services.photos.mine(v.id),
      ])
    : [null, [], [], null];
  return {
    locale: context.locale,
    viewer: v ? { id: v.id, name: v.name, role: v.role, photoUrl: photo?.thumbUrl ?? null } : null,
    unread: notifications?.unread ?? 0,
    // Unread room messages per project (only the projects that have some), for the nav badge.
    projectUnread: Object.fromEntries(projects.filter((p) => p.unread > 0).map((p) => [p.id, p.unread])) as Record<string, number>,
    // Direct conversations apart: every room's id (a live message there counts as a direct one) and the unread.
    directUnread: {
      rooms: direct.map((c) => c.id),
      unread: Object.fromEntries(direct.filter((c) => c.unread > 0).map((c) => [c.id, c.unread])) as Record<string, number>,
    },
  };
}

/** Entering or leaving the projects or messages pages refreshes the unread counts; otherwise Remix's default. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) => {
  const projects = (path: string) => ["/projects", "/messages"].some((p) => path === p || path.startsWith(`${p}/`));
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
      <span className="rt-label">{label}</span>
    </span>
  );
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A panel the phone header shows on demand (the menu, the search field). Without JavaScript the toggle is a link to
 * the panel's id and CSS shows the `:target`; once hydrated it is a button with aria-expanded. It closes on
 * navigation and on Escape. On wide screens CSS shows the panel always and hides the toggle.
 */
function usePanel(id: string) {
  const location = useLocation();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    // Opened before hydration (/#site-menu): keep it open, as state, and drop the hash.
    if (window.location.hash === `#${id}`) {
      setOpen(true);
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
  }, [id]);
  useEffect(() => setOpen(false), [location.pathname, location.search]);
  return { id, open, setOpen };
}

function PanelToggle({ panel, label, openIcon, className, testId, badge }: { panel: ReturnType<typeof usePanel>; label: string; openIcon: ReactNode; className: string; testId: string; badge?: ReactNode }) {
  const hydrated = useHydrated();
  const icon = panel.open ? <X className="icon" aria-hidden="true" /> : openIcon;
  const content = (
    <>
      {icon}
      <span className="sr-only">{label}</span>
      {badge}
    </>
  );
  if (!hydrated) {
    return (
      <a href={`#${panel.id}`} className={`icon-button ${className}`} aria-controls={panel.id} data-testid={testId}>
        {content}
      </a>
    );
  }
  return (
    <button type="button" className={`icon-button ${className}`} aria-controls={panel.id} aria-expanded={panel.open} data-testid={testId} onClick={() => panel.setOpen(!panel.open)}>
      {content}
    </button>
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
    <NavLink to="/notifications" className="icon-button bell" data-testid="bell">
      <Bell className="icon" aria-hidden="true" />
      <span className="sr-only">{t("nav.notifications")}</span>
      {count ? (
        <>
          <span className="badge badge-on-icon" aria-hidden="true">{formatNumber(count, locale)}</span>
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
      <FolderKanban className="icon" aria-hidden="true" />
      <span>{t("nav.projects")}</span>
      {total ? (
        <>
          <span className="badge" aria-hidden="true">{total}</span>
          <span className="sr-only">{t("projects.unreadCount", { count: total })}</span>
        </>
      ) : null}
    </NavLink>
  );
}

/** "Messages" in the nav, with the unread direct messages: the loader's counts plus live ones from other conversations. */
function MessagesNavLink() {
  const t = useT();
  const { direct } = useUnread();
  return (
    <NavLink to="/messages" data-testid="nav-messages">
      <MessageSquare className="icon" aria-hidden="true" />
      <span>{t("nav.messages")}</span>
      {direct ? (
        <>
          <span className="badge" aria-hidden="true">{direct}</span>
          <span className="sr-only">{t("messages.unreadCount", { count: direct })}</span>
        </>
      ) : null}
    </NavLink>
  );
}

/** The menu button's dot: something unread behind it (room and direct messages), said in words for screen readers. */
function MenuUnreadDot() {
  const t = useT();
  const { total, direct } = useUnread();
  if (!total && !direct) return null;
  return (
    <span data-testid="menu-unread">
      <span className="dot-on-icon" aria-hidden="true" />
      {total ? <span className="sr-only">{t("projects.unreadCount", { count: total })}</span> : null}
      {direct ? <span className="sr-only">{t("messages.unreadCount", { count: direct })}</span> : null}
    </span>
  );
}

function LanguageSwitch({ locale, compact = false }: { locale: Locale; compact?: boolean }) {
  const location = useLocation();
  const other = locale === "id" ? "en" : "id";
  const name = other === "en" ? "English" : "Bahasa Indonesia";
  return (
    <Form method="post" action="/lang" className={`lang-switch${compact ? " lang-compact" : ""}`} reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="locale" value={other} lang={other}>
        <Languages className="icon icon-sm" aria-hidden="true" />
        {compact ? (
          <>
            <span aria-hidden="true" className="lang-code">{other.toUpperCase()}</span>
            <span className="sr-only">{name}</span>
          </>
        ) : (
          <span>{name}</span>
        )}
      </button>
    </Form>
  );
}

function SiteSearch({ id }: { id: string }) {
  const t = useT();
  const location = useLocation();
  const q = location.pathname === "/search" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  return (
    <Form method="get" action="/search" role="search" id={id} className="site-search" aria-label={t("nav.search")}>
      <label htmlFor={`${id}-q`} className="sr-only">{t("nav.search")}</label>
      <input id={`${id}-q`} type="search" name="q" defaultValue={q} key={q} placeholder={t("nav.searchPlaceholder")} autoComplete="off" enterKeyHint="search" />
      <button type="submit" className="icon-button">
        <Search className="icon" aria-hidden="true" />
        <span className="sr-only">{t("nav.searchSubmit")}</span>
      </button>
    </Form>
  );
}

function Brand() {
  const t = useT();
  return (
    <NavLink to="/" className="brand" end>
      <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="6" cy="7" r="3" />
        <circle cx="18" cy="7" r="3" />
        <circle cx="12" cy="18" r="3" />
        <path d="M6 7 18 7 12 18Z" fill="none" strokeWidth="1.6" />
      </svg>
      <span className="brand-name">{t("app.name")}</span>
    </NavLink>
  );
}

function Header({ data }: { data: RootData }) {
  const t = useT();
  const v = data.viewer;
  const menu = usePanel("site-menu");
  const search = usePanel("site-search");
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || !(menu.open || search.open)) return;
    menu.setOpen(false);
    search.setOpen(false);
  };
  if (!v) {
    return (
      <header className="site-header is-visitor">
        <a className="skip-link" href="#main">{t("nav.skip")}</a>
        <Brand />
        <nav aria-label={t("nav.main")} className="main-nav">
          <ul>
            <li><NavLink to="/login">{t("nav.login")}</NavLink></li>
            <li><NavLink to="/signup">{t("nav.signup")}</NavLink></li>
          </ul>
        </nav>
        <LanguageSwitch locale={data.locale} compact />
      </header>
    );
  }
  return (
    <header className={`site-header is-member${menu.open ? " menu-open" : ""}${search.open ? " search-open" : ""}`} onKeyDown={onKeyDown}>
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <Brand />
      <div className="header-tools">
        <ConnectionStatus />
        <PanelToggle panel={search} label={t("nav.search")} openIcon={<Search className="icon" aria-hidden="true" />} className="search-toggle" testId="search-toggle" />
        <NotificationBell unread={data.unread} />
        <PanelToggle panel={menu} label={t("nav.menu")} openIcon={<Menu className="icon" aria-hidden="true" />} className="menu-toggle" testId="menu-toggle" badge={<MenuUnreadDot />} />
      </div>
      <SiteSearch id={search.id} />
      <nav aria-label={t("nav.main")} className="main-nav" id={menu.id}>
        <ul className="nav-links">
          <li><NavLink to="/spaces"><Building2 className="icon" aria-hidden="true" /><span>{t("nav.spaces")}</span></NavLink></li>
          <li><NavLink to="/bookings"><CalendarCheck className="icon" aria-hidden="true" /><span>{t("nav.bookings")}</span></NavLink></li>
          <li><NavLink to="/billing"><Wallet className="icon" aria-hidden="true" /><span>{t("nav.billing")}</span></NavLink></li>
          <li><ProjectsNavLink /></li>
          <li><MessagesNavLink /></li>
          <li><NavLink to="/network"><Users className="icon" aria-hidden="true" /><span>{t("nav.network")}</span></NavLink></li>
          {v.role !== "member" ? <li><NavLink to="/operator"><Settings className="icon" aria-hidden="true" /><span>{t("nav.operator")}</span></NavLink></li> : null}
          {v.role === "admin" ? <li><NavLink to="/admin"><Shield className="icon" aria-hidden="true" /><span>{t("nav.admin")}</span></NavLink></li> : null}
        </ul>
        <ul className="nav-account">
          <li>
            <NavLink to="/account" className="account-link">
              <Avatar id={v.id} name={v.name} size="xs" photoUrl={v.photoUrl} />
              <span>{t("nav.account")}</span>
            </NavLink>
          </li>
          <li><LanguageSwitch locale={data.locale} /></li>
          <li>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                <LogOut className="icon" aria-hidden="true" />
                <span>{t("nav.logout")}</span>
              </button>
            </Form>
          </li>
        </ul>
      </nav>
    </header>
  );
}

const NO_UNREAD: Record<string, number> = {};
const NO_DIRECT = { rooms: [], unread: NO_UNREAD };

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  const locale = data?.locale ?? "id";
  const loaded = useDictionary(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
      </head>
      <body>
        <LocaleContext.Provider value={locale}>
        <DictionaryContext.Provider value={loaded}>
          <SocketProvider memberId={data?.viewer?.id ?? null}>
            <UnreadProvider me={data?.viewer?.id ?? null} initial={data?.projectUnread ?? NO_UNREAD} direct={data?.directUnread ?? NO_DIRECT}>
              {data ? <Header data={data} /> : null}
              <main id="main" tabIndex={-1}>
                {children}
              </main>
            </UnreadProvider>
          </SocketProvider>
        </DictionaryContext.Provider>
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
