import type { Response } from "express";
import { z } from "zod";
import { insightsSchemas as I } from "../../domain/insights/index.js";
import { route, type AnyRoute, type Reply } from "./define.js";

const IdParams = z.object({ id: z.uuid({ message: "Not a valid id" }) });

class ClientGone extends Error {
  constructor() {
    super("The client closed the connection during an export.");
  }
}

/** `write` that honours backpressure: resolves once the chunk is accepted or drained; rejects if the client left. */
function writerFor(res: Response) {
  return (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (res.destroyed || res.writableEnded) return reject(new ClientGone());
      if (res.write(chunk)) return resolve();
      const onDrain = () => {
        res.off("close", onClose);
        resolve();
      };
      const onClose = () => {
        res.off("drain", onDrain);
        reject(new ClientGone());
      };
      res.once("drain", onDrain);
      res.once("close", onClose);
    });
}

/** Operator analytics (issue 6, item 6): utilization JSON/CSV and the streamed raw bookings export. */
export const insightsRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/spaces/:id/occupancy",
    summary:
      "Utilization over local dates [from, to] in the space's zone: by day, by weekday × hour, by kind and zone, peak hours, " +
      "top members, no-show rate. `format=csv` returns one table (`section`) as text/csv",
    tag: "insights",
    access: "operator",
    params: IdParams,
    query: I.OccupancyQuery,
    responses: { 200: { description: "OK (text/csv with format=csv)", schema: I.OccupancyOut } },
    async handler({ services, viewer, params, query }): Promise<Reply> {
      if (query.format === "csv") {
        const { filename, csv } = await services.insights.occupancyCsv(viewer!, params.id, query);
        return {
          status: 200,
          body: csv,
          contentType: "text/csv; charset=utf-8; header=present",
          headers: { "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" },
        };
      }
      return {
        status: 200,
        body: await services.insights.occupancy(viewer!, params.id, query),
        headers: { "Cache-Control": "private, no-store" },
      };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/bookings.csv",
    summary: "Every booking (all statuses) overlapping local dates [from, to], streamed as CSV in start order",
    tag: "insights",
    access: "operator",
    params: IdParams,
    query: I.BookingsExportQuery,
    responses: { 200: { description: "OK", schema: z.string(), contentType: "text/csv" } },
    async handler({ services, viewer, params, query, res }) {
      // Access and the space are checked before the first byte, so those errors are still problem+json.
      const exp = await services.insights.bookingsExport(viewer!, params.id, query);
      res.status(200);
      res.type("text/csv; charset=utf-8; header=present");
      res.setHeader("Content-Disposition", `attachment; filename="${exp.filename}"`);
      res.setHeader("Cache-Control", "private, no-store");
      try {
        await exp.run(writerFor(res));
      } catch (error) {
        // Headers are gone: cut the connection so a failed export can never pass for a complete file.
        res.destroy();
        if (error instanceof ClientGone) return { status: 200 };
        throw error;
      }
      // `send` ends the response (no body of its own: the rows are already written).
      return { status: 200 };
    },
  }),
];
