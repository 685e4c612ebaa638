import { Suspense, useEffect, useState, type ReactNode } from "react";

/** False on the server and in the first (hydrating) render, true once the page is interactive. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * What a first view does not need, loaded after hydration: the server (and the hydrating render) show `fallback`,
 * then `children()` renders a `React.lazy` component, whose chunk is fetched only then (the first load ships less
 * JavaScript, and hydration never waits for it). Without JavaScript the fallback stays: make it useful on its own.
 */
export function LazyOnClient({ fallback, children }: { fallback: ReactNode; children: () => ReactNode }) {
  const hydrated = useHydrated();
  return hydrated ? <Suspense fallback={fallback}>{children()}</Suspense> : <>{fallback}</>;
}
