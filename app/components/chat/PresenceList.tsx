import { Avatar } from "~/components/Avatar";
import { useT } from "~/i18n";

type Member = { id: string; name: string; photoUrl?: string | null };

/** The project's members, each marked online while they have the room open (any tab, any device). */
export function PresenceList({ members, online, me }: { members: Member[]; online: string[]; me: string }) {
  const t = useT();
  return (
    <ul className="presence" aria-label={t("room.members")} data-testid="presence">
      {members.map((m) => {
        const here = online.includes(m.id);
        return (
          <li key={m.id} data-online={here ? "true" : "false"}>
            <span className={here ? "dot dot-online" : "dot"} aria-hidden="true" />
            <Avatar id={m.id} name={m.name} size="xs" photoUrl={m.photoUrl} />
            {m.name}
            {m.id === me ? <span className="muted"> ({t("room.you")})</span> : null}
            {here ? <span className="sr-only">, {t("room.online")}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
