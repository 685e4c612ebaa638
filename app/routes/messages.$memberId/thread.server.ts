import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { runChatIntent } from "~/lib/chat-intents.server";
import { fieldsOf, type FormError } from "~/lib/forms";
import { failure, parseForm } from "~/lib/forms.server";
import { orNotFound } from "~/lib/guards.server";

type Viewer = NonNullable<AppLoadContext["viewer"]>;

/** What a form post in the thread answers (without JavaScript too): the intent that posted it, and its outcome. */
export type ThreadResult = { intent: string } & ({ ok: true } | FormError);

/**
 * The thread page: the conversation (opened on the first visit while we are connected; 404 for anyone else), its
 * latest messages and the seq they are complete up to, like a project room's chat.
 */
export async function loadThread(request: Request, context: AppLoadContext, viewer: Viewer, id: string) {
  const s = context.services;
  const S = context.schemas.projects;
  const conversation = await orNotFound(s.projects.open(viewer.id, id));
  // Read after the conversation (and its lastSeq): the page below is complete up to that seq.
  const before = parseForm(context, S.MessagesQuery, { beforeSeq: new URL(request.url).searchParams.get("before") || undefined });
  const beforeSeq = before.ok ? before.data.beforeSeq : undefined;
  const page = await s.projects.messages(viewer.id, conversation.id, { ...(beforeSeq ? { beforeSeq } : {}), limit: 50 });
  const last = page.items[page.items.length - 1];
  return {
    me: { id: viewer.id, name: viewer.name },
    conversation,
    messages: page.items,
    hasOlder: page.hasMore,
    olderThan: beforeSeq ?? null,
    // The live room asks for everything after this on its first join.
    cursor: beforeSeq ? (last?.updatedSeq ?? beforeSeq - 1) : conversation.lastSeq,
    /** The no-JavaScript composer's client id: a re-post of the same form stores the message once. */
    clientId: randomUUID(),
    max: { message: context.limits.maxLengths(S.MessageSendInput).body! },
  };
}

export type ThreadData = Awaited<ReturnType<typeof loadThread>>;

/** The thread's form intents: the chat's (send, edit, delete), in the conversation's room. */
export async function runThreadIntent(context: AppLoadContext, viewer: Viewer, id: string, form: FormData): Promise<ThreadResult> {
  const f = fieldsOf(form);
  const intent = f.text("intent");
  try {
    const conversation = await context.services.projects.open(viewer.id, id);
    return { intent, ...(await runChatIntent(context, viewer, conversation.id, intent, f)) };
  } catch (error) {
    return { intent, ...failure(context, error) };
  }
}
