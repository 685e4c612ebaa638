import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { documentLocale, loadDictionary } from "./i18n/load";

// Only the reader's dictionary downloads; hydration waits for it, so the first render has the server's words.
void loadDictionary(documentLocale()).then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    );
  })
);
