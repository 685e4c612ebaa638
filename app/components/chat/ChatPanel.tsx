import { useMemo, useRef, type ReactNode } from "react";
import { useT, type Translate } from "~/i18n";
import { Composer, type ComposerProps } from "./Composer";
import { MessageLog, type MessageLogProps } from "./MessageLog";
import { ChatPhotos } from "./photos";
import { PresenceList } from "./PresenceList";

type Member = { id: string; name: string; photoUrl?: string | null };

export type ChatPanelProps = Omit<MessageLogProps, "stickToBottom"> & {
  members: Member[];
  online: string[];
  typing: string[];
  clientId: string;
  onSend: (body: string) => void;
  onTyping: (typing: boolean) => void;
  composerError?: string;
  /** The panel's heading (default: the room's "Chat"). */
  title?: string;
  /** Whether the composer suggests @mentions (a direct conversation has none); `composerHint` then says how to send. */
  mentions?: boolean;
  composerHint?: string;
  /** Shown instead of the composer when writing is not possible here (the room stays readable). */
  closed?: ReactNode;
};

function typingText(names: string[], t: Translate): string {
  if (names.length === 0) return "";
  if (names.length === 1) return t("room.typingOne", { name: names[0]! });
  if (names.length === 2) return t("room.typingTwo", { a: names[0]!, b: names[1]! });
  return t("room.typingMany", { count: names.length });
}

/** The room's chat: who is here, the history, who is typing, and the composer. */
export function ChatPanel({ members, online, typing, clientId, onSend, onTyping, composerError, title, mentions = true, composerHint, closed, ...log }: ChatPanelProps) {
  const t = useT();
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.name])), [members]);
  const photos = useMemo(() => new Map(members.map((m) => [m.id, m.photoUrl ?? null])), [members]);
  // Follow the newest message while the reader is at the bottom, and after sending.
  const stickToBottom = useRef(true);
  const typingNames = typing.map((id) => names.get(id)).filter((n): n is string => Boolean(n));
  const send: ComposerProps["onSend"] = (body) => {
    stickToBottom.current = true;
    onSend(body);
  };

  return (
    <section className="card chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{title ?? t("room.chat")}</h2>
      <PresenceList members={members} online={online} me={log.me.id} />
      <ChatPhotos.Provider value={photos}>
        <MessageLog {...log} stickToBottom={stickToBottom} />
      </ChatPhotos.Provider>
      <p className="typing muted small" aria-live="polite" data-testid="typing">
        {typingText(typingNames, t)}
      </p>
      {closed ?? (
        <Composer
          me={log.me.id}
          members={mentions ? members : []}
          clientId={clientId}
          messageMax={log.messageMax}
          onSend={send}
          onTyping={onTyping}
          error={composerError}
          hint={composerHint}
        />
      )}
    </section>
  );
}
