import { Navigate, useParams } from 'react-router';

/**
 * /requests/:id — the "Open the request" link of the triage email (apps/api/src/notifications/triage-notice.ts).
 * There is no page of one request yet: Home lists the requester's open requests, so the link goes there,
 * with this one scrolled into view and focused (HomePage reads `state.requestId`), instead of "page not found".
 */
export function RequestLinkPage() {
  const { id } = useParams();
  return <Navigate to="/" replace state={{ requestId: id }} />;
}
