import { describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/lib/guards.server.js";

/** Where a browser would go from a page of the app if it followed `Location: <to>`. */
function resolvedOrigin(to: string): string {
  return new URL(to, "https://jejaring.example/login").origin;
}

describe("safeRedirect", () => {
  it("keeps a same-origin path with its query and fragment", () => {
    expect(safeRedirect("/")).toBe("/");
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/spaces/abc?date=2026-12-01&view=grid#D-01")).toBe("/spaces/abc?date=2026-12-01&view=grid#D-01");
    expect(safeRedirect("/members?q=a%20b")).toBe("/members?q=a%20b");
  });

  it("falls back for nothing, non-strings and relative or empty input", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect("")).toBe("/");
    expect(safeRedirect("account")).toBe("/");
    expect(safeRedirect("?x=1")).toBe("/");
    expect(safeRedirect("#top")).toBe("/");
    expect(safeRedirect(new File(["x"], "x.txt"))).toBe("/");
    expect(safeRedirect("//evil.example", "/network")).toBe("/network");
    expect(safeRedirect(`/${"a".repeat(5000)}`)).toBe("/");
  });

  // The known bypasses of a prefix check: every one must land on the fallback, never off the origin.
  const bypasses = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%0d/evil.example",
    "/%0a/evil.example",
    "/%00/evil.example",
    "/%5C/evil.example",
    "/%5c%5cevil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%252F%252Fevil.example",
    "/..//evil.example",
    "/.//evil.example",
    "/x/../..//evil.example",
    "/%2e%2e//evil.example",
    "/\r\n/evil.example",
    "/\n/evil.example",
    "/a\r\nSet-Cookie: jj_session=x",
    " //evil.example",
    "\u0000//evil.example",
    "https://evil.example",
    "http://evil.example/path",
    "HTTPS://evil.example",
    "//evil.example/%2F..",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/javascript:alert(1)".slice(1),
    "data:text/html,<script>alert(1)</script>",
    "http://app.invalid/x",
    "/%zz",
  ];

  it.each(bypasses)("refuses %j", (to) => {
    const out = safeRedirect(to, "/fallback");
    expect(out).toBe("/fallback");
  });

  it("answers a header-safe same-origin path for non-Latin-1 input (no 500 when set as Location)", () => {
    const out = safeRedirect("/spaces/ruang-kerja?q=ñandú 東京#ü");
    expect(out).toBe("/spaces/ruang-kerja?q=%C3%B1and%C3%BA%20%E6%9D%B1%E4%BA%AC#%C3%BC");
    expect(() => new Headers({ location: out })).not.toThrow();
    expect(safeRedirect("/ruang/東京")).toBe("/ruang/%E6%9D%B1%E4%BA%AC");
  });

  it("never answers anything that leaves the origin or breaks a header, whatever the input", () => {
    const pieces = ["/", "//", "\\", "%2F", "%5C", "%09", "\t", "\r", "\n", "..", ".", "evil.example", "@", ":", "?", "#", "é", "%", "%25", " "];
    let checked = 0;
    for (const a of pieces) for (const b of pieces) for (const c of pieces) {
      const out = safeRedirect(`/${a}${b}${c}`, "/fallback");
      expect(out.startsWith("/"), out).toBe(true);
      expect(out.startsWith("//"), out).toBe(false);
      expect(resolvedOrigin(out), out).toBe("https://jejaring.example");
      expect(out, out).toMatch(/^[\x21-\x7e]+$/); // printable ASCII: always a valid header value
      checked++;
    }
    expect(checked).toBe(pieces.length ** 3);
  });
});
