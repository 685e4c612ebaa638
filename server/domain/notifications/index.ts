export { createNotificationsService } from "./notifications.service.js";
export type { NotificationsService } from "./notifications.service.js";
export type { NotificationFacts, NotificationInput, NotificationKind, NotificationOut } from "./notifications.schemas.js";
export * as notificationsSchemas from "./notifications.schemas.js";
