import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { invariantResponse } from "~/lib/guards.server";

/** Any unknown path: a friendly 404 inside the app's layout. */
export async function loader() {
  invariantResponse(false, "Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
