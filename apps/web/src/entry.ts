/**
 * The page's one entry: the React app. Every address the API and the SFU hand out keeps working — the older
 * video addresses on `/` (/?token=…, /#token=…, /#minutes=…, ?invitation=…, ?meeting=…) are rewritten to
 * the same under /join before the router starts (no reload, nothing sent anywhere). The app itself comes
 * after the rewrite (a static import would run first); the call (mediasoup-client) is a chunk of its own
 * that only /join loads.
 */
import { canonicalVideoAddress } from './video-address';

const to = canonicalVideoAddress(window.location);
if (to !== undefined) window.history.replaceState(window.history.state, '', to);
void import('./app/bootstrap');
