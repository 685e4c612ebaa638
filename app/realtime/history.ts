import { useCallback, useState, type Dispatch } from "react";
import type { MessagePayload } from "../../server/contract/realtime";
import type { RoomAction } from "./room-state";

type Page = { items: MessagePayload[]; hasMore: boolean };

/** One page of a room's history over HTTP (cookie auth, the public API); null when it could not be read. */
export async function fetchMessagePage(projectId: string, query: { afterSeq: number } | { beforeSeq: number }, limit: number): Promise<Page | null> {
  const [key, value] = "afterSeq" in query ? ["afterSeq", query.afterSeq] : ["beforeSeq", query.beforeSeq];
  const res = await fetch(`/api/v1/projects/${projectId}/messages?${key}=${value}&limit=${limit}`, {
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  return res.ok ? ((await res.json()) as Page) : null;
}

/** Pages upward through the history, one page per call, from the oldest message shown. */
export function useOlderMessages(projectId: string, oldestSeq: number | undefined, dispatch: Dispatch<RoomAction>) {
  const [loadingOlder, setLoadingOlder] = useState(false);
  const loadOlder = useCallback(async () => {
    if (oldestSeq === undefined || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await fetchMessagePage(projectId, { beforeSeq: oldestSeq }, 50);
      if (page) dispatch({ type: "page", items: page.items, hasOlder: page.hasMore });
    } finally {
      setLoadingOlder(false);
    }
  }, [projectId, oldestSeq, loadingOlder, dispatch]);
  return { loadingOlder, loadOlder };
}
