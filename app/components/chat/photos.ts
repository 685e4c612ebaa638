import { createContext, useContext } from "react";

/** The room members' photos by id (the 64 px thumbs), for the avatars beside their messages. */
export const ChatPhotos = createContext<ReadonlyMap<string, string | null>>(new Map());

export function useChatPhoto(memberId: string | undefined): string | null {
  const photos = useContext(ChatPhotos);
  return memberId ? (photos.get(memberId) ?? null) : null;
}
