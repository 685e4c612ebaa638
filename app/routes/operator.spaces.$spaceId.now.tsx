import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OccupancyNow } from "~/components/OccupancyNow";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { useT } from "~/i18n";
import { requireOperatorSpace } from "~/lib/operator.server";
import { useSocket, useSocketEvent } from "~/realtime/socket";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.space.name ?? "Space"} · Now · Jejaring` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  return { space: { id: space.id, name: space.name }, now: await context.services.bookings.now(viewer, space.id) };
}

/** Watches the space over the socket and reloads the view (debounced) when a booking or a check-in changes it. */
function useLiveNow(spaceId: string) {
  const { socket, status } = useSocket();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(
    (payload: { spaceId: string }) => {
      if (payload.spaceId !== spaceId) return;
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(() => revalidate.current(), 200);
    },
    [spaceId],
  );
  useEffect(() => {
    if (!socket) return;
    const watch = () => {
      void socket.emitWithAck("space:watch", { spaceId }).catch(() => undefined);
    };
    if (socket.connected) watch();
    socket.on("connect", watch);
    return () => {
      socket.off("connect", watch);
      socket.emit("space:unwatch", { spaceId }, () => {});
    };
  }, [socket, spaceId]);
  useEffect(() => () => {
    if (pending.current) clearTimeout(pending.current);
  }, []);
  // Arrivals become "expected" as time passes, with no event: refresh every minute too.
  useEffect(() => {
    const timer = setInterval(() => revalidate.current(), 60_000);
    return () => clearInterval(timer);
  }, []);
  useSocketEvent("availability:changed", refresh);
  useSocketEvent("presence:space", refresh);
  return status;
}

export default function NowView() {
  const { space, now } = useLoaderData<typeof loader>();
  const t = useT();
  const status = useLiveNow(space.id);
  return (
    <section className="stack">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.now.title")}</h2>
      <p className="muted" data-testid="now-live" data-status={status}>
        {status === "connected" ? t("space.live") : t("op.now.notLive")} · <Link to=".">{t("op.now.refresh")}</Link>
      </p>
      <OccupancyNow now={now} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
