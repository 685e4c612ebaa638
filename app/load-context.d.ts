import type { LoadContext } from "../server/http/context";

declare module "@remix-run/node" {
  // Routes get the services, schemas and viewer from the server's getLoadContext.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends LoadContext {}
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
