import fc from "fast-check";

/**
 * Bad input by construction, for the API fuzz test: a valid example is mutated until it is surely invalid, judged
 * by the contract alone (the served OpenAPI document's JSON Schemas plus the text policy below), never by the
 * server's own zod schemas — a schema that is too lenient must show up as a 5xx or a stored row, not be skipped.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Code points, not UTF-16 units (JSON Schema's length); a lower bound of zod's count. */
const codePoints = (s: string) => [...s].length;

/**
 * True only when `value` breaks `schema` for certain, whatever the server's zod adds: string lengths are judged
 * after trimming (zod trims many fields before checking), patterns also case-insensitively and on the trimmed
 * value (zod's regex flags are lost in JSON Schema). Refinements JSON Schema cannot say count as valid.
 */
export function surelyInvalid(schema: JsonSchema | boolean | undefined, value: unknown): boolean {
  if (schema === undefined || schema === true) return false;
  if (schema === false) return true;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.every((b) => surelyInvalid(b, value))) return true;
  if ("const" in schema && !deepEqual(schema.const, value)) return true;
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) return true;
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length) {
    const t = jsonType(value);
    const ok = types.some((want) => {
      if (want === "integer") return typeof value === "number" && Number.isInteger(value);
      if (want === "number") return typeof value === "number" && Number.isFinite(value);
      return want === t;
    });
    if (!ok) return true;
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) return true;
    if (schema.maxLength !== undefined && codePoints(value.trim()) > schema.maxLength) return true;
    if (schema.pattern !== undefined) {
      const re = [new RegExp(schema.pattern), new RegExp(schema.pattern, "i")];
      if (!re.some((r) => r.test(value) || r.test(value.trim()))) return true;
    }
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return true;
    if (schema.minimum !== undefined && value < schema.minimum) return true;
    if (schema.maximum !== undefined && value > schema.maximum) return true;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return true;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return true;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return true;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return true;
    const prefix = schema.prefixItems ?? [];
    if (prefix.some((s, i) => i < value.length && surelyInvalid(s, value[i]))) return true;
    const rest = value.slice(prefix.length);
    if (schema.items === false && rest.length > 0) return true;
    if (schema.items && rest.some((v) => surelyInvalid(schema.items as JsonSchema, v))) return true;
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) if (!Object.hasOwn(value, key)) return true;
    for (const key of Object.keys(value)) {
      const sub = schema.properties?.[key];
      if (sub) {
        if (surelyInvalid(sub, value[key])) return true;
      } else if (schema.additionalProperties === false) {
        return true;
      } else if (typeof schema.additionalProperties === "object" && surelyInvalid(schema.additionalProperties, value[key])) {
        return true;
      }
    }
  }
  return false;
}

// --- the text and time policy (independent of the schemas) -----------------------------------------------------

// No string from outside may hold NUL, another control character (LF, CR and tab excepted: multi-line text has
// them) or a lone surrogate; JS whitespace at either end is ignored, as trimming fields accept it.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * A calendar date or clock time that cannot exist, or a year no booking, closure or range can be about. 24:00 is
 * ISO 8601's end of the day (the next day's 00:00), so only 24:00 exactly is let through.
 */
export function impossibleInstant(s: string): boolean {
  const m = DATE_TIME.exec(s.trim());
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (year! < 1000 || year! >= 9000) return true;
  if (month! < 1 || month! > 12) return true;
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  const endOfDay = hour === 24 && minute === 0 && second === 0;
  return day! < 1 || day! > days || (hour > 23 && !endOfDay) || minute > 59 || second > 59;
}

/** A string the schema reads as a date or an instant (its pattern starts with a year). */
const isInstant = (s: Slot) => typeof s.value === "string" && s.schemas.some((x) => x.pattern?.startsWith("^\\d{4}-"));

/**
 * Strings the policy refuses: a forbidden character anywhere (passwords excepted: they are only hashed), or an
 * impossible date in a field the schema reads as a date or an instant.
 */
export function breaksPolicy(schema: JsonSchema | undefined, value: unknown): boolean {
  return slots(value as Json, schema).some(
    (s) => typeof s.value === "string" && s.key !== "password" && (FORBIDDEN.test(s.value.trim()) || (isInstant(s) && impossibleInstant(s.value))),
  );
}

// --- values with own `__proto__` keys ---------------------------------------------------------------------------

/** Sets a key as an own property, even `__proto__`. */
function setOwn(o: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(v: unknown): Json {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v)) setOwn(out, k, clone(v[k]));
    return out;
  }
  return v as Json;
}

/** A number JSON can carry but JavaScript cannot (1e999 parses to Infinity), spliced in as raw text. */
const RAW = "\u0001raw:";
const rawNumber = (text: string) => `${RAW}${text}\u0001`;

export function toJsonText(value: unknown): string {
  // Only an intact marker: one a mutation has changed stays a plain string.
  return JSON.stringify(value).replace(/"\\u0001raw:([-+.0-9eE]+)\\u0001"/g, "$1");
}

// --- mutations --------------------------------------------------------------------------------------------------

type Slot = { path: Array<string | number>; value: Json; schemas: JsonSchema[]; key: string };

/** Every position in a value, with the schema nodes (all union branches) that may describe it. */
function slots(value: Json, schema: JsonSchema | undefined): Slot[] {
  const out: Slot[] = [];
  const expand = (s: JsonSchema | undefined): JsonSchema[] => (!s ? [] : s.anyOf ?? s.oneOf ? (s.anyOf ?? s.oneOf)!.flatMap(expand) : [s]);
  const walk = (v: Json, schemas: JsonSchema[], path: Array<string | number>, key: string) => {
    out.push({ path, value: v, schemas, key });
    if (Array.isArray(v)) {
      v.forEach((item, i) =>
        walk(item, schemas.flatMap((s) => expand(s.prefixItems?.[i] ?? (s.items || undefined))), [...path, i], key),
      );
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) walk(v[k]!, schemas.flatMap((s) => expand(s.properties?.[k])), [...path, k], k);
    }
  };
  walk(value, expand(schema), [], "");
  return out;
}

/** Sets (a copy of) `value` at `path`, or deletes it when undefined; returns the root. */
function setAt(root: Json, path: Array<string | number>, given: Json | undefined): Json {
  const value = given === undefined ? undefined : clone(given);
  if (path.length === 0) return value === undefined ? {} : value;
  let node: unknown = root;
  for (const p of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[p];
  const last = path[path.length - 1]!;
  if (Array.isArray(node)) {
    if (value === undefined) node.splice(last as number, 1);
    else node[last as number] = value;
  } else if (isObject(node)) {
    if (value === undefined) delete node[last as string];
    else setOwn(node, last as string, value);
  }
  return root;
}

const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", " ", "a.b", "$where", "ключ", "\u202ekey", "k\u0000"];
/** Text that is fine by itself (RTL, zero-width, emoji, combining marks, local times): noise, never the only fault. */
const HOSTILE_TEXT = [
  "\u202eevil.exe\u202c",
  "zero\u200bwidth\u200cjoin\u200d",
  "👩🏽‍💻👨‍👩‍👧",
  "مرحبا بالعالم",
  "e\u0301\u0301\u0301",
  "\ufeffbom",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "  padded  ",
  "ＦＵＬＬ　ＷＩＤＴＨ",
  "İstanbul ß",
  "\u2066isolate\u2069",
  "'; DROP TABLE members; --",
  "<script>alert(1)</script>",
  "2026-12-01T09:00",
  "2026-12-01T09:00:00.123456",
  "%00%20%ZZ",
];
const CONTROLS = ["\u0000", "\u0000", "\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u001b", "\u007f", "\u0085", "\u009f", "\ud800", "\udfff"];
const IMPOSSIBLE_INSTANTS = [
  "2026-02-30T09:00+07:00",
  "2026-13-01T09:00+07:00",
  "2026-00-10T09:00Z",
  "2026-12-01T24:30+07:00",
  "2026-12-01T25:00+07:00",
  "2026-12-01T09:60+07:00",
  "2026-12-01T09:00:61+07:00",
  "0000-01-01T00:00:00Z",
  "0000-01-02T00:00+07:00",
  "0001-01-01T00:00Z",
  "9999-12-31T23:59:59Z",
  "9999-12-31T23:00+07:00",
];
const WRONG_ENUM = ["ADMIN", "Member", "member ", "", "0", "true", "null", "memb\u0000er", "series\u0000"];

const junkValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), [], {}, "", "0", "null"), weight: 4 },
  { arbitrary: fc.constantFrom(rawNumber("1e999"), rawNumber("-1e999"), rawNumber("123456789012345678901234567890")), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 20 }), weight: 2 },
  { arbitrary: fc.nat({ max: 40 }).map((d) => Array.from({ length: d }).reduce<Json>((acc) => [acc], 1)), weight: 1 },
  { arbitrary: fc.constant<Json>(Array.from({ length: 2000 }, (_, i) => i)), weight: 1 },
);

/** One mutation step: which kind, where (an index into the slots, wrapped), and the material it may use. */
type Step = { kind: number; at: number; pick: number; junk: Json; str: string };
const step: fc.Arbitrary<Step> = fc.record({
  kind: fc.nat({ max: 99 }),
  at: fc.nat(),
  pick: fc.nat(),
  junk: junkValue,
  str: fc.string({ unit: "grapheme", maxLength: 12 }),
});

const numericSchemas = (s: Slot) => s.schemas.filter((x) => x.type === "integer" || x.type === "number");

/** Applies one step; returns the new root (the root may be replaced). */
function applyStep(root: Json, schema: JsonSchema, st: Step): Json {
  const all = slots(root, schema);
  const pickFrom = <T>(xs: T[]) => xs[st.at % xs.length];
  const kinds = st.kind;
  // Weights (out of 100) for each kind of fault.
  if (kinds < 14) {
    // Drop a key the schema requires.
    const owners = all.filter((s) => isObject(s.value) && s.schemas.some((x) => x.required?.some((k) => Object.hasOwn(s.value as object, k))));
    const slot = pickFrom(owners);
    if (slot) {
      const req = slot.schemas.flatMap((x) => x.required ?? []).filter((k) => Object.hasOwn(slot.value as object, k));
      const key = req[st.pick % req.length]!;
      return setAt(root, [...slot.path, key], undefined);
    }
  } else if (kinds < 26) {
    // An unknown (or hostile) key on an object.
    const objects = all.filter((s) => isObject(s.value));
    const slot = pickFrom(objects);
    if (slot) {
      const key = st.pick % 3 === 0 ? st.str : HOSTILE_KEYS[st.pick % HOSTILE_KEYS.length]!;
      return setAt(root, [...slot.path, key], st.junk);
    }
  } else if (kinds < 42) {
    // A value of the wrong type (or any junk) somewhere.
    const slot = pickFrom(all.filter((s) => s.path.length > 0));
    if (slot) return setAt(root, slot.path, st.junk);
  } else if (kinds < 56) {
    // A control character, NUL or a lone surrogate inside a string (not at the ends, where trimming could take it).
    const strings = all.filter((s) => typeof s.value === "string" && s.key !== "password");
    const slot = pickFrom(strings);
    if (slot) {
      const v = slot.value as string;
      const ch = CONTROLS[st.pick % CONTROLS.length]!;
      const cut = v.length < 2 ? 0 : 1 + (st.pick % (v.length - 1));
      return setAt(root, slot.path, v.length < 2 ? `a${ch}b` : `${v.slice(0, cut)}${ch}${v.slice(cut)}`);
    }
  } else if (kinds < 64) {
    // Too long: just over the limit, or 100 KB (over the body limit too).
    const strings = all.filter((s) => typeof s.value === "string" && s.schemas.some((x) => x.maxLength !== undefined));
    const slot = pickFrom(strings);
    if (slot) {
      const max = Math.max(...slot.schemas.map((x) => x.maxLength ?? 0));
      const length = st.pick % 10 === 0 ? 100_000 : max + 1 + (st.pick % 50);
      return setAt(root, slot.path, "x".repeat(length));
    }
  } else if (kinds < 72) {
    // A number out of range, not an integer, or beyond what a double holds.
    const numbers = all.filter((s) => numericSchemas(s).length > 0);
    const slot = pickFrom(numbers);
    if (slot) {
      const s = numericSchemas(slot)[0]!;
      const options: Json[] = [rawNumber("1e999"), 1e308, -1e308, 2 ** 53 + 1, -(2 ** 53 + 1)];
      if (s.maximum !== undefined) options.push(s.maximum + 1);
      if (s.minimum !== undefined) options.push(s.minimum - 1);
      if (s.type === "integer") options.push(0.5, (s.minimum ?? 0) + 0.25);
      return setAt(root, slot.path, options[st.pick % options.length]!);
    }
  } else if (kinds < 78) {
    // A string outside its enum or constant.
    const enums = all.filter((s) => typeof s.value === "string" && s.schemas.some((x) => x.enum || "const" in x));
    const slot = pickFrom(enums);
    if (slot) return setAt(root, slot.path, WRONG_ENUM[st.pick % WRONG_ENUM.length]!);
  } else if (kinds < 86) {
    // An impossible date or clock time, or a year out of any sane range.
    const times = all.filter(isInstant);
    const slot = pickFrom(times);
    if (slot) return setAt(root, slot.path, IMPOSSIBLE_INSTANTS[st.pick % IMPOSSIBLE_INSTANTS.length]!);
  } else if (kinds < 92) {
    // Arrays: too many items, or an object where an array belongs and an array where an object does.
    const arrays = all.filter((s) => Array.isArray(s.value) && s.schemas.some((x) => x.maxItems !== undefined));
    const objects = all.filter((s) => isObject(s.value));
    if (st.pick % 2 === 0 && arrays.length) {
      const slot = pickFrom(arrays)!;
      const max = Math.max(...slot.schemas.map((x) => x.maxItems ?? 0));
      const item = (slot.value as Json[])[0] ?? "x";
      return setAt(root, slot.path, Array.from({ length: max + 1 }, () => clone(item)));
    }
    const slot = pickFrom(objects);
    if (slot) return setAt(root, slot.path, [clone(slot.value)]);
  } else {
    // Replace the whole body: arrays for objects, null, scalars.
    const roots: Json[] = [[clone(root)], [], null, "body", 42, true, [null]];
    return roots[st.pick % roots.length]!;
  }
  return root;
}

function applyNoise(root: Json, pick: number, at: number): Json {
  const strings = slots(root, undefined).filter((s) => typeof s.value === "string" && s.key !== "password");
  const slot = strings[at % Math.max(1, strings.length)];
  return slot ? setAt(root, slot.path, HOSTILE_TEXT[pick % HOSTILE_TEXT.length]!) : root;
}

export type BadBody = { value: Json; text: string };

/**
 * Bodies that break `schema` or the text policy for certain: the example with some hostile-but-valid noise, then
 * one to three faults; when the faults happened to cancel out, an unknown key makes sure.
 */
export function badBodies(schema: JsonSchema, example: unknown): fc.Arbitrary<BadBody> {
  return fc
    .record({
      noise: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }),
      steps: fc.array(step, { minLength: 1, maxLength: 3 }),
    })
    .map(({ noise, steps }) => {
      let value = clone(example);
      for (const [pick, at] of noise) value = applyNoise(value, pick, at);
      for (const st of steps) value = applyStep(value, schema, st);
      let text = toJsonText(value);
      let parsed = JSON.parse(text) as Json;
      if (!surelyInvalid(schema, parsed) && !breaksPolicy(schema, parsed)) {
        value = isObject(value) ? setAt(value, ["__fuzz_unknown__"], 1) : [value];
        text = toJsonText(value);
        parsed = JSON.parse(text) as Json;
      }
      return { value: parsed, text };
    });
}

/** Text that no JSON parser accepts (an unclosed container, trailing garbage, JavaScript-isms, bad escapes). */
export const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ a: v }).slice(0, -1)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => `${JSON.stringify(v)}}`),
  fc.jsonValue({ maxDepth: 2 }).map((v) => `[${JSON.stringify(v)},]`),
  fc.constantFrom(
    "{'a':1}",
    "{a:1}",
    "NaN",
    "undefined",
    '{"a":01}',
    "[1,,2]",
    '"\\x41"',
    '{"a":"\\u12"}',
    "\u0000",
    '{"a":1}\u0000',
    "{".repeat(5000),
    `${"[".repeat(20_000)}${"]".repeat(19_999)}`,
    '{"a":"\ud800',
    "\ufeff{",
    "// comment\n{}",
    '{"a":Infinity}',
  ),
);

/** Junk for a path segment that is not an id (and is refused as one). */
export const JUNK_SEGMENTS = [
  "not-a-uuid",
  "%00",
  "%zz",
  "%E0%A4%A",
  "..%2F..%2Fetc%2Fpasswd",
  "x".repeat(300),
  "%E2%80%AE",
  "%F0%9F%98%80",
  "'%20OR%201=1%20--",
  "1e999",
  "-1",
  "__proto__",
  "constructor",
  "00000000-0000-0000-0000-00000000000%00",
  "00000000-0000-4000-8000-0000000000001",
];

/** Query values: NUL, controls, huge, wrong types, impossible dates, encodings that do not decode. */
export const junkQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "%00",
    "a%00b",
    "%01%1B%7F%C2%85",
    "%ED%A0%80",
    "%zz",
    "%",
    "%E2%80%AE",
    "x".repeat(4000),
    "1e999",
    "-1",
    "0",
    "1.5",
    "NaN",
    "true",
    "null",
    "[]",
    "0000-01-01T00:00:00Z",
    "0000-01-01",
    "9999-12-31T23:59:59Z",
    "2026-02-30",
    "2026-02-30T09:00",
    "2026-12-01T09:00",
    "2026-12-01T25:00+07:00",
    "1999-12-31",
    "2026-01-01T00:00:00.1234567+07:00",
    "AAAA",
    "eyJuYW1lIjoiXHUwMDAwIiwiaWQiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ",
    "eyJzY29yZSI6IjEiLCJpZCI6IngifQ",
  ),
  fc.string({ unit: "binary", maxLength: 12 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "x"))),
  fc.string({ unit: "grapheme", maxLength: 20 }).map(encodeURIComponent),
);

const cursorOf = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const someId = "00000000-0000-4000-8000-000000000000";
/** Page cursors that decode to what no server ever issued: NUL and lone surrogates, impossible dates, non-ids, non-JSON. */
export const CRAFTED_CURSORS = [
  cursorOf({ name: "a\u0000b", id: someId }),
  cursorOf({ name: "\ud800", id: someId }),
  cursorOf({ name: 42, id: someId }),
  cursorOf({ score: 1e308, id: someId }),
  cursorOf({ score: "1", id: "x" }),
  cursorOf({ c: "0000-01-01", i: someId }),
  cursorOf({ c: "275760-09-13", i: someId }),
  cursorOf({ c: -8.64e15, i: someId }),
  cursorOf({ c: "2026-01-01", i: "-".repeat(36) }),
  cursorOf({ c: "2026-01-01", i: "a\u0000".repeat(18) }),
  cursorOf([]),
  cursorOf("null"),
  cursorOf("{"),
  "%00",
  "AAAA",
  "!!!!",
];
