import type { MetaDescriptor } from "@remix-run/node";
import { translator, type Locale, type MessageKey } from "~/i18n";

type Matches = readonly { id: string; data?: unknown }[];
type PageKey = MessageKey & `meta.${string}.title`;

/** The browser's and the installed app's bar colour (public/manifest.webmanifest): the brand, or the dark background. */
const THEME_COLOR: MetaDescriptor[] = [
  { name: "theme-color", content: "#0b5f54", media: "(prefers-color-scheme: light)" },
  { name: "theme-color", content: "#111418", media: "(prefers-color-scheme: dark)" },
];

/**
 * A page's `<title>` and description in the reader's language (the root loader's locale). `name` is the thing the
 * page is about (a space, a project, a member), put before the page's own word when the loader found it.
 */
export function pageMeta(matches: Matches, key: PageKey, name?: string | null): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  const t = translator(root?.locale ?? "id");
  const page = t(key);
  const title = [name, page, t("app.name")].filter((part, i, all) => part && all.indexOf(part) === i).join(" · ");
  return [{ title }, { name: "description", content: t(key.replace(/\.title$/, ".about") as MessageKey) }, ...THEME_COLOR];
}
