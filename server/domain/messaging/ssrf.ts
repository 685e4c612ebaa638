// Where the server may send a request on someone else's say-so (a webhook URL an admin typed): not to this machine,
// its private networks, link-local or metadata addresses (SSRF). Pure parts (URL rules, address classes) first,
// then resolution (all addresses, refused if any is private) and a `lookup` that pins the connection to the address
// checked, so a second DNS answer cannot swap in another one (no rebinding gap). Reusable by any caller.
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";

/** Why an address is not public, or null when it is. */
export type AddressClass =
  | "unspecified"
  | "loopback"
  | "private"
  | "shared" // CGNAT 100.64/10
  | "link_local" // 169.254/16 (cloud metadata 169.254.169.254), fe80::/10
  | "multicast"
  | "broadcast"
  | "reserved" // documentation, benchmarking, IETF, 240/4, discard
  | "unique_local"; // fc00::/7 (fd00:ec2::254, a metadata address, is one)

type V4Range = [base: number, bits: number, cls: AddressClass];

const v4 = (s: string) => s.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);

const V4_RANGES: V4Range[] = [
  [v4("0.0.0.0"), 8, "unspecified"],
  [v4("10.0.0.0"), 8, "private"],
  [v4("100.64.0.0"), 10, "shared"],
  [v4("127.0.0.0"), 8, "loopback"],
  [v4("169.254.0.0"), 16, "link_local"],
  [v4("172.16.0.0"), 12, "private"],
  [v4("192.0.0.0"), 24, "reserved"],
  [v4("192.0.2.0"), 24, "reserved"],
  [v4("192.88.99.0"), 24, "reserved"],
  [v4("192.168.0.0"), 16, "private"],
  [v4("198.18.0.0"), 15, "reserved"],
  [v4("198.51.100.0"), 24, "reserved"],
  [v4("203.0.113.0"), 24, "reserved"],
  [v4("224.0.0.0"), 4, "multicast"],
  [v4("255.255.255.255"), 32, "broadcast"],
  [v4("240.0.0.0"), 4, "reserved"],
];

/** A dotted-quad IPv4 address as a number, or null. */
function parseV4(s: string): number | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

function classifyV4(n: number): AddressClass | null {
  for (const [base, bits, cls] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (n >= base && n < base + size) return cls;
  }
  return null;
}

/** An IPv6 address as eight 16-bit groups (an embedded dotted IPv4 tail is read too), or null. */
function parseV6(input: string): number[] | null {
  let s = input.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const n = parseV4(s.slice(lastColon + 1));
    if (n === null) return null;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const back = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...back].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const fill = 8 - head.length - back.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  return [...head, ...Array<string>(fill).fill("0"), ...back].map((g) => parseInt(g, 16));
}

function classifyV6(g: number[]): AddressClass | null {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4At = (i: number) => g[i]! * 65536 + g[i + 1]!;
  if (zeros(0, 8)) return "unspecified";
  if (zeros(0, 7) && g[7] === 1) return "loopback";
  // IPv4-mapped ::ffff:0:0/96 and IPv4-compatible ::/96: the IPv4 address inside decides.
  if (zeros(0, 5) && g[5] === 0xffff) return classifyV4(v4At(6));
  if (zeros(0, 6)) return classifyV4(v4At(6));
  // NAT64 64:ff9b::/96 (and the local-use 64:ff9b:1::/48) and 6to4 2002::/16 reach the IPv4 address they carry.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return classifyV4(v4At(6));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return "reserved";
  if (g[0] === 0x2002) return classifyV4(v4At(1));
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return "unique_local";
  if ((first & 0xffc0) === 0xfe80) return "link_local";
  if ((first & 0xffc0) === 0xfec0) return "reserved"; // site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return "multicast";
  if (first === 0x100 && zeros(1, 4)) return "reserved"; // discard-only 100::/64
  if (first === 0x2001 && g[1] === 0xdb8) return "reserved"; // documentation
  return null;
}

/** Why an IP address (v4 or v6, as text) is not public; null when it is public; "invalid" when it is no address. */
export function classifyAddress(address: string): AddressClass | null | "invalid" {
  const family = isIP(address.split("%")[0]!);
  if (family === 4) return classifyV4(parseV4(address)!);
  if (family === 6) {
    const groups = parseV6(address);
    return groups ? classifyV6(groups) : "invalid";
  }
  return "invalid";
}

/** Whether an address may not be reached from here (any non-public class, or not an address at all). */
export function isPrivateAddress(address: string): boolean {
  return classifyAddress(address) !== null;
}

export type UrlProblem = { reason: "webhook_url"; message: string } | { reason: "private_address"; host: string; address: string; class: AddressClass; message: string };

/** The host as an IP literal (brackets dropped), or null for a name. WHATWG URL already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1. */
export function literalHost(url: URL): string | null {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : null;
}

/** The URL rules that need no network: http or https, a host, no credentials; a literal address must be public. */
export function checkUrl(raw: string, opts: { allowPrivate: boolean }): { ok: true; url: URL } | { ok: false; problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: { reason: "webhook_url", message: "Not a URL." } };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: { reason: "webhook_url", message: "Only http and https URLs." } };
  if (url.username || url.password) return { ok: false, problem: { reason: "webhook_url", message: "No user name or password in the URL." } };
  if (!url.hostname) return { ok: false, problem: { reason: "webhook_url", message: "The URL needs a host." } };
  const literal = literalHost(url);
  if (literal && !opts.allowPrivate) {
    const cls = classifyAddress(literal);
    if (cls !== null) return { ok: false, problem: privateProblem(url.hostname, literal, cls === "invalid" ? "reserved" : cls) };
  }
  return { ok: true, url };
}

function privateProblem(host: string, address: string, cls: AddressClass): UrlProblem {
  return { reason: "private_address", host, address, class: cls, message: `${host} is a ${cls.replace("_", "-")} address (${address}).` };
}

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Every address a name resolves to, as the system resolver (and so the connection) sees it. */
export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * The addresses a URL's host stands for, all of them public (unless `allowPrivate`): a literal as it is, a name
 * resolved (every address checked: one private answer refuses the lot). Resolution errors are thrown as they come
 * (ENOTFOUND, EAI_AGAIN: the caller decides whether to try again).
 */
export async function resolveTarget(
  url: URL,
  opts: { allowPrivate: boolean; resolve?: Resolver },
): Promise<{ ok: true; addresses: ResolvedAddress[] } | { ok: false; problem: UrlProblem }> {
  const literal = literalHost(url);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }]
    : await (opts.resolve ?? systemResolver)(url.hostname);
  if (addresses.length === 0) return { ok: false, problem: { reason: "webhook_url", message: `${url.hostname} has no address.` } };
  if (!opts.allowPrivate) {
    for (const a of addresses) {
      const cls = classifyAddress(a.address);
      if (cls !== null) return { ok: false, problem: privateProblem(url.hostname, a.address, cls === "invalid" ? "reserved" : cls) };
    }
  }
  return { ok: true, addresses };
}

/**
 * A `lookup` for http(s).request / net.connect that answers with the address already checked, whatever the name:
 * the connection goes exactly where the check looked.
 */
export function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === "function" ? options : callback) as (err: Error | null, address: unknown, family?: number) => void;
    const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all;
    if (all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  }) as LookupFunction;
}
