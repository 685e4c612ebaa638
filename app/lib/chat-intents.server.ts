import type { AppLoadContext } from "@remix-run/node";
import type { Fields, FormError } from "~/lib/forms";
import { fail, parseForm } from "~/lib/forms.server";
import { ROOM_INTENTS } from "~/lib/intents";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

/** The chat's own intents: the composer's send and a message's edit and delete (the same in every room). */
export const CHAT_INTENTS: readonly string[] = [ROOM_INTENTS.send, ROOM_INTENTS.editMessage, ROOM_INTENTS.deleteMessage];

/**
 * A chat form posted without JavaScript, in a project room or a direct conversation (both are rooms): parse with the
 * API's schemas, call the service. A DomainError is left to the caller (it words it as the page's failure).
 */
export async function runChatIntent(context: AppLoadContext, viewer: Viewer, projectId: string, intent: string, f: Fields): Promise<{ ok: true } | FormError> {
  const p = context.services.projects;
  const S = context.schemas.projects;
  switch (intent) {
    case ROOM_INTENTS.send: {
      const parsed = parseForm(context, S.MessageSendInput, { body: f.text("body"), clientId: f.text("clientId") });
      if (!parsed.ok) return parsed;
      await p.send(viewer.id, projectId, parsed.data);
      return { ok: true };
    }
    case ROOM_INTENTS.editMessage: {
      const parsed = parseForm(context, S.EditEvent, { messageId: f.text("messageId"), body: f.text("body") });
      if (!parsed.ok) return parsed;
      await p.edit(viewer.id, parsed.data.messageId, parsed.data.body);
      return { ok: true };
    }
    case ROOM_INTENTS.deleteMessage: {
      const parsed = parseForm(context, S.DeleteEvent, { messageId: f.text("messageId") });
      if (!parsed.ok) return parsed;
      await p.remove(viewer.id, parsed.data.messageId);
      return { ok: true };
    }
    default:
      return fail(context, "validation_failed", "Unknown action.");
  }
}
