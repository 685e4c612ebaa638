import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The design tokens live in app/styles/app.css: a light palette on :root and a dark one under
// prefers-color-scheme. This reads both from the file itself and checks the pairs the rules actually use.
const css = readFileSync(fileURLToPath(new URL("../../app/styles/app.css", import.meta.url)), "utf8");

function block(source: string, start: number): string {
  const open = source.indexOf("{", start);
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "{") depth++;
    else if (source[i] === "}" && --depth === 0) return source.slice(open + 1, i);
  }
  throw new Error("unbalanced block");
}

function hexVars(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/(--[a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)) out[m[1]!] = m[2]!.toLowerCase();
  return out;
}

const light = hexVars(block(css, css.indexOf(":root")));
const darkAt = css.indexOf("@media (prefers-color-scheme: dark)");
const dark = { ...light, ...hexVars(block(block(css, darkAt), 0)) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// [foreground, background, minimum]: 4.5 for text, 3 for borders of controls and focus rings (WCAG 1.4.11).
const TEXT = 4.5;
const UI = 3;
const surfaces = ["--color-bg", "--color-surface", "--color-surface-sunken"];
const pairs: [string, string, number][] = [
  ...surfaces.flatMap((bg) =>
    ["--color-text", "--color-text-muted", "--color-brand", "--color-accent", "--color-success", "--color-warning", "--color-danger", "--color-info"].map(
      (fg) => [fg, bg, TEXT] as [string, string, number],
    ),
  ),
  ...surfaces.map((bg) => ["--color-focus", bg, UI] as [string, string, number]),
  ["--color-border-strong", "--color-surface", UI],
  ["--color-border-strong", "--color-bg", UI],
  ["--color-on-brand", "--color-brand", TEXT],
  ["--color-on-accent", "--color-accent", TEXT],
  ["--color-on-brand-soft", "--color-brand-soft", TEXT],
  ["--color-text", "--color-brand-soft", TEXT],
  ["--color-text", "--color-accent-soft", TEXT],
  ["--color-text", "--color-neutral-soft", TEXT],
  ["--color-text", "--color-highlight", TEXT],
  ["--color-text-muted", "--color-neutral-soft", TEXT],
  ...(["success", "warning", "danger", "info"] as const).flatMap((s) => [
    [`--color-${s}`, `--color-${s}-soft`, TEXT] as [string, string, number],
    ["--color-text", `--color-${s}-soft`, TEXT] as [string, string, number],
  ]),
  ...Array.from({ length: 8 }, (_, i) => ["--avatar-ink", `--avatar-${i}`, TEXT] as [string, string, number]),
];

describe("design tokens", () => {
  it("defines every token in both palettes as a hex colour", () => {
    const names = new Set(pairs.flatMap(([a, b]) => [a, b]));
    for (const n of names) {
      expect(light[n], `${n} (light)`).toMatch(/^#[0-9a-f]{6}$/);
      expect(dark[n], `${n} (dark)`).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it("the dark palette really differs from the light one", () => {
    expect(dark["--color-bg"]).not.toBe(light["--color-bg"]);
    expect(luminance(dark["--color-bg"]!)).toBeLessThan(0.05);
    expect(luminance(dark["--color-text"]!)).toBeGreaterThan(0.6);
  });

  for (const [scheme, palette] of [["light", light], ["dark", dark]] as const) {
    it.each(pairs)(`${scheme}: %s on %s reaches %d:1`, (fg, bg, min) => {
      expect(contrast(palette[fg]!, palette[bg]!)).toBeGreaterThanOrEqual(min);
    });
  }

  it("the contrast function is the WCAG one (black on white is 21:1, a colour on itself 1:1)", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#777777")).toBe(1);
    expect(contrast("#767676", "#ffffff")).toBeGreaterThan(4.5);
    expect(contrast("#777777", "#ffffff")).toBeLessThan(4.5);
  });
});
