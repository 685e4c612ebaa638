import {
  data,
  MaxPartSizeExceededError,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { lazy, useEffect, useRef, useState } from "react";
import { Field, SelectField } from "~/components/Field";
import type { Point } from "~/components/FloorPlanEditor";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { LazyOnClient } from "~/components/LazyOnClient";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { ResourceResultMessage } from "~/components/ResourceResultMessage";
import { useT, type MessageKey } from "~/i18n";
import { fieldsOf, readForm, type FormError } from "~/lib/forms";
import { fail, failure, parseForm, reply } from "~/lib/forms.server";
import { cappedFileUpload, TOO_LARGE } from "~/lib/uploads.server";
import { RESOURCE_INTENTS } from "~/lib/intents";
import { requireOperatorSpace } from "~/lib/operator.server";
import { runResourceIntent, type ResourceResult } from "~/lib/resource-intents.server";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

/** The drag-and-drop canvas loads after the page is interactive (the x/y fields below work without it). */
const FloorPlanEditor = lazy(() => import("~/components/FloorPlanEditor").then((m) => ({ default: m.FloorPlanEditor })));

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorPlan.title", data?.space.name);

/** This page's own intents; adding a desk posts the resource intents (RESOURCE_INTENTS). */
const INTENTS = { save: "save", removeImage: "remove-image" } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { space } = await requireOperatorSpace(request, context, params.spaceId);
  const resources = await context.services.spaces.resources(space.id, { activeOnly: true });
  return {
    space: { id: space.id, name: space.name, floorPlanImageUrl: space.floorPlanImageUrl },
    resources: resources.map((r) => ({ id: r.id, name: r.name, kind: r.kind, zone: r.zone, x: r.x, y: r.y })),
    max: context.limits.maxLengths(context.schemas.spaces.ResourceCreateInput),
  };
}

type PlanResult =
  | ResourceResult
  | { ok: true; kind: "positions"; count: number }
  | { ok: true; kind: "image" | "image-removed" }
  /** Saving positions fails with errors keyed by resource id; the image upload with a code under `image`. */
  | (FormError & { intent: "save" | "image" });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  const imageFailed = (failed: FormError) => reply<PlanResult>({ ...failed, intent: "image" });
  const imageRefused = (why: "too_large" | "unreadable" | "missing") => imageFailed(fail(context, "validation_failed", "", { image: why }));
  const closing = (failed: FormError) => data<PlanResult>({ ...failed, intent: "image" }, { status: failed.status, headers: { Connection: "close" } });

  // The background image: a multipart post, of which no more than the server's cap is ever kept in memory. A file
  // a little too large is read to its end, so the browser gets the answer on a healthy connection.
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, cappedFileUpload("image", context.limits.floorPlanImageBytes));
    } catch (error) {
      // Far past the limit: the rest is not read, so close the connection (the browser's next request would queue
      // behind the unread bytes).
      if (error instanceof RangeError || error instanceof MaxPartSizeExceededError) return closing(fail(context, "validation_failed", "", { image: "too_large" }));
      return imageRefused("unreadable");
    }
    const file = form.get("image");
    if (file === TOO_LARGE) return imageRefused("too_large");
    if (!file || typeof file === "string" || file.size === 0) return imageRefused("missing");
    try {
      await context.services.spaces.setFloorImage(viewer, space.id, new Uint8Array(await file.arrayBuffer()));
      return reply<PlanResult>({ ok: true, kind: "image" });
    } catch (error) {
      const failed = failure(context, error);
      return imageFailed({ ...failed, errors: { image: Object.values(failed.errors)[0] ?? failed.message } });
    }
  }

  const form = await readForm(request);
  const f = fieldsOf(form);
  switch (f.text("intent")) {
    case INTENTS.removeImage:
      await context.services.spaces.setFloorImage(viewer, space.id, null);
      return reply<PlanResult>({ ok: true, kind: "image-removed" });
    case INTENTS.save: {
      const resources = await context.services.spaces.resources(space.id, { activeOnly: true });
      const num = (name: string) => (f.text(name).trim() !== "" ? Number(f.text(name)) : null);
      const positions = resources
        .map((r) => ({ resourceId: r.id, x: num(`x-${r.id}`), y: num(`y-${r.id}`) }))
        .filter((p) => p.x !== null && p.y !== null);
      // `positions.<i>.x` is shown beside that resource's row.
      const keyOf = (path: string) => positions[Number(path.split(".")[1])]?.resourceId ?? "_form";
      const parsed = parseForm(context, context.schemas.spaces.FloorPlanInput, { positions }, keyOf);
      if (!parsed.ok) return reply<PlanResult>({ ...parsed, intent: "save" });
      try {
        await context.services.spaces.setPositions(viewer, space.id, parsed.data);
        return reply<PlanResult>({ ok: true, kind: "positions", count: parsed.data.positions.length });
      } catch (error) {
        return reply<PlanResult>({ ...failure(context, error), errors: {}, intent: "save" });
      }
    }
    default:
      return reply<PlanResult>(await runResourceIntent(context, viewer, space.id, form));
  }
}

type Positions = Record<string, { x: number | null; y: number | null }>;

export default function PlanEditor() {
  const { space, resources, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as PlanResult | undefined;
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [positions, setPositions] = useState<Positions>(() => Object.fromEntries(resources.map((r) => [r.id, { x: r.x, y: r.y }])));
  const [dirty, setDirty] = useState(false);
  // Where "add a desk" puts the next one: clicked on the canvas or typed into its x and y fields.
  const [picked, setPicked] = useState<{ x: number | null; y: number | null }>({ x: null, y: null });
  const [announcement, setAnnouncement] = useState("");
  const addName = useRef<HTMLInputElement>(null);
  const addForm = useRef<HTMLFormElement>(null);

  // Resources added (or saved) since: take the server's positions for any this page has not seen or touched.
  useEffect(() => {
    setPositions((current) => {
      const next: Positions = {};
      for (const r of resources) next[r.id] = current[r.id] && dirty ? current[r.id]! : { x: r.x, y: r.y };
      return next;
    });
  }, [resources]);
  useEffect(() => {
    if (result?.ok && result.kind === "positions") setDirty(false);
    if (result?.ok && result.kind === "added") {
      addForm.current?.reset();
      setPicked({ x: null, y: null });
    }
  }, [result]);

  const move = (id: string, p: Point) => {
    setPositions((cur) => ({ ...cur, [id]: p }));
    setDirty(true);
    const r = resources.find((x) => x.id === id);
    if (r) setAnnouncement(t("op.plan.movedTo", { name: r.name, x: p.x, y: p.y }));
  };
  // The raw value is read in the handler: a state updater runs later, when the event's currentTarget is null.
  const coord = (raw: string): number | null => {
    if (raw.trim() === "") return null;
    const v = Math.round(Number(raw));
    return Number.isFinite(v) ? Math.max(0, Math.min(10_000, v)) : null;
  };
  const setCoord = (id: string, axis: "x" | "y", raw: string) => {
    const v = coord(raw);
    setPositions((cur) => ({ ...cur, [id]: { ...(cur[id] ?? { x: null, y: null }), [axis]: v } }));
    setDirty(true);
  };
  const setPickedAxis = (axis: "x" | "y", raw: string) => {
    const v = coord(raw);
    setPicked((p) => ({ ...p, [axis]: v }));
  };
  const pickedPoint = picked.x !== null && picked.y !== null ? { x: picked.x, y: picked.y } : null;
  const pick = (p: Point) => {
    setPicked(p);
    setAnnouncement(t("op.plan.picked", { x: p.x, y: p.y }));
    addName.current?.focus();
  };
  const failed = result && !result.ok ? result : null;
  const saveErrors = failed?.intent === INTENTS.save ? failed.errors : {};
  const imageError = failed?.intent === "image" ? failed.errors.image : undefined;
  const addErrors = failed?.intent === RESOURCE_INTENTS.add ? failed.errors : {};
  const imageErrorText =
    imageError === "too_large" ? t("op.plan.imageTooLarge") : imageError === "missing" ? t("op.plan.imageMissing") : imageError === "unreadable" ? t("op.plan.imageInvalid") : imageError;

  return (
    <section className="stack op-page">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.plan.title")}</h2>
      <p className="muted" id="plan-editor-hint">{t("op.plan.help")}</p>
      {result?.ok && result.kind === "positions" ? <p className="notice" role="status">{t("op.plan.saved", { count: result.count })}</p> : null}
      {result?.ok && result.kind === "image" ? <p className="notice" role="status">{t("op.plan.imageSaved")}</p> : null}
      {result?.ok && result.kind === "image-removed" ? <p className="notice" role="status">{t("op.plan.imageRemoved")}</p> : null}
      {result && (result.ok ? ["added", "saved", "activated", "deactivated"].includes(result.kind) : result.intent === RESOURCE_INTENTS.add) ? (
        <ResourceResultMessage result={result as ResourceResult} />
      ) : null}
      {failed?.intent === INTENTS.save ? <FormErrorMessage code={failed.code} message={failed.message} /> : null}
      <p className="sr-only" aria-live="polite">{announcement}</p>

      <LazyOnClient fallback={<div className="plan-editor-fallback"><p className="muted">{t("op.plan.editorLoading")}</p></div>}>
        {() => (
          <FloorPlanEditor
            items={resources}
            positions={positions}
            onMove={move}
            imageUrl={space.floorPlanImageUrl}
            picked={pickedPoint}
            onPick={pick}
            hintId="plan-editor-hint"
            labels={{
              title: t("op.plan.canvas"),
              newHere: t("op.plan.newHere"),
              itemLabel: (item, p) => t("op.plan.itemLabel", { name: item.name, x: p.x, y: p.y }),
            }}
          />
        )}
      </LazyOnClient>

      <div className="two-col">
        <Form method="post" className="card form" aria-labelledby="positions-title">
          <h3 id="positions-title">{t("op.plan.positions")}</h3>
          <input type="hidden" name="intent" value={INTENTS.save} />
          <p className="muted small">{t("op.plan.positionsHelp")}</p>
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t("op.plan.positions")}>
            <table className="op-positions">
              <thead>
                <tr>
                  <th scope="col">{t("op.res.name")}</th>
                  <th scope="col">x</th>
                  <th scope="col">y</th>
                </tr>
              </thead>
              <tbody>
                {resources.map((r) => {
                  const p = positions[r.id] ?? { x: r.x, y: r.y };
                  return (
                    <tr key={r.id}>
                      <th scope="row" className="break-words">
                        {r.name} <span className="muted small">{t(`op.kind.${r.kind}` as MessageKey)}</span>
                        {saveErrors[r.id] ? <span className="error" style={{ display: "block" }}>{saveErrors[r.id]}</span> : null}
                      </th>
                      <td>
                        <input
                          type="number"
                          name={`x-${r.id}`}
                          min={0}
                          max={10000}
                          step={1}
                          inputMode="numeric"
                          className="op-coord"
                          aria-label={t("op.plan.xOf", { name: r.name })}
                          value={p.x ?? ""}
                          onChange={(e) => setCoord(r.id, "x", e.currentTarget.value)}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          name={`y-${r.id}`}
                          min={0}
                          max={10000}
                          step={1}
                          inputMode="numeric"
                          className="op-coord"
                          aria-label={t("op.plan.yOf", { name: r.name })}
                          value={p.y ?? ""}
                          onChange={(e) => setCoord(r.id, "y", e.currentTarget.value)}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {dirty ? <p className="badge-text" role="status">{t("op.plan.unsaved")}</p> : null}
          <button type="submit" className="primary" disabled={busy}>{t("op.plan.save")}</button>
        </Form>

        <div className="stack">
          <Form method="post" className="card form" ref={addForm} aria-labelledby="add-desk-title">
            <h3 id="add-desk-title">{t("op.plan.add")}</h3>
            <p className="muted small">{t("op.plan.addHelp")}</p>
            <input type="hidden" name="intent" value={RESOURCE_INTENTS.add} />
            <Field label={t("op.res.name")} id="add-name" ref={addName} name="name" required maxLength={max.name} error={addErrors.name} />
            <SelectField label={t("op.res.kind")} id="add-kind" name="kind" defaultValue="desk" error={addErrors.kind}>
              {(["desk", "room", "booth"] as const).map((k) => <option key={k} value={k}>{t(`op.kind.${k}`)}</option>)}
            </SelectField>
            <Field label={t("space.zone")} name="zone" maxLength={max.zone} error={addErrors.zone} />
            <div className="field-row">
              <Field label="x" name="x" type="number" min={0} max={10000} inputMode="numeric" value={picked.x ?? ""} onChange={(e) => setPickedAxis("x", e.currentTarget.value)} error={addErrors.x} />
              <Field label="y" name="y" type="number" min={0} max={10000} inputMode="numeric" value={picked.y ?? ""} onChange={(e) => setPickedAxis("y", e.currentTarget.value)} error={addErrors.y} />
            </div>
            <button type="submit" className="primary" disabled={busy}>{t("op.plan.addButton")}</button>
          </Form>

          <section className="card" aria-labelledby="image-title">
            <h3 id="image-title">{t("op.plan.image")}</h3>
            <Form method="post" encType="multipart/form-data" className="form">
              <Field
                label={t("op.plan.imageFile")}
                id="plan-image"
                type="file"
                name="image"
                accept="image/png,image/jpeg,image/webp"
                required
                hint={t("op.plan.imageHint")}
                error={imageErrorText}
                announce
              />
              <button type="submit" className="small-button" disabled={busy}>{t("op.plan.upload")}</button>
            </Form>
            {space.floorPlanImageUrl ? (
              // Removing the image asks first (a disclosure, so it works without JavaScript).
              <details className="op-confirm">
                <summary className="small-button">{t("op.plan.removeImage")}</summary>
                <Form method="post" className="op-confirm-body">
                  <input type="hidden" name="intent" value={INTENTS.removeImage} />
                  <p className="small">{t("op.plan.removeImageWarning")}</p>
                  <button type="submit" className="small-button danger" disabled={busy}>{t("op.plan.removeImageConfirm")}</button>
                </Form>
              </details>
            ) : null}
          </section>
          <p><Link to={`/operator/spaces/${space.id}/qr`}>{t("operator.qrLink")}</Link></p>
        </div>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
