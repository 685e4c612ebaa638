export { createNotificationsService } from "./notifications.service.js";
export type { NotificationsService, NotificationInput } from "./notifications.service.js";
