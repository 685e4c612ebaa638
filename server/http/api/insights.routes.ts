import { z } from "zod";
import { insightsSchemas as I, UTF8_BOM } from "../../domain/insights/index.js";
import { route, type AnyRoute, type Reply } from "./define.js";
import { streamResponse } from "./export-stream.js";
import { IdParams } from "./params.js";

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
          // The BOM makes spreadsheet programs read the file as UTF-8.
          body: UTF8_BOM + csv,
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
    summary: "Every booking (all statuses) overlapping local dates [from, to], streamed as CSV in start order (then by id)",
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
      // One page at a time, each fetched only after the last was taken: a paused reader holds no connection, one
      // that stops reading for 30 s is cut, one that leaves stops the paging at once.
      // The first chunk (the header) carries the BOM, so spreadsheet programs read the file as UTF-8.
      let first = true;
      await streamResponse(res, (write, signal) =>
        exp.run(
          (chunk) => {
            const out = first ? UTF8_BOM + chunk : chunk;
            first = false;
            return write(out);
          },
          { signal },
        ),
      );
      // `send` ends the response (no body of its own: the rows are already written).
      return { status: 200 };
    },
  }),
];
