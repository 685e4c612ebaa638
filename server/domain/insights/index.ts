export { createInsightsService } from "./insights.service.js";
export type { InsightsService } from "./insights.service.js";
export * as insightsSchemas from "./insights.schemas.js";
export type { OccupancyOut } from "./insights.schemas.js";
export { UTF8_BOM } from "../csv.js";
