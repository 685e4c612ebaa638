import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";

/** Any unknown path: a friendly 404 inside the app's layout. */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
