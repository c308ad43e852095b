/**
 * The page's one entry. The staff app (React) and the video page (join, lobby, call; minutes read from an
 * email link) share index.html, so every address the API and the SFU hand out keeps working:
 *   /join?…, /?token=…, /#token=…, /#minutes=…, ?invitation=…, ?meeting=…  → the video page (vanilla TS)
 *   anything else                                                          → the staff app
 * Each is its own chunk: the sign-in page loads no mediasoup, the call loads no React.
 */
import { isVideoPage } from './video-address';

if (isVideoPage(window.location)) {
  void import('./video-page');
} else {
  void import('./app/bootstrap');
}
