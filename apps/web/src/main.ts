import { App } from './app';
import { obtainJoinToken, reasonText } from './join-token';
import { renderErrorView } from './views/simple-views';
import { renderMinutesView } from './views/minutes-view';
import { isLang, setLang, t, translate, type Lang } from './i18n';
import { installTestHook } from './test-hook';
import { readParams } from './token';

const params = readParams(window.location);
const stored = window.localStorage.getItem('kohtaamo.lang');
const initial: Lang = isLang(params.lang) ? params.lang : isLang(stored) ? stored : 'fi';
setLang(initial);
translate();

const select = document.getElementById('lang-select');
if (select instanceof HTMLSelectElement) {
  select.value = initial;
  select.addEventListener('change', () => {
    if (!isLang(select.value)) return;
    window.localStorage.setItem('kohtaamo.lang', select.value);
    setLang(select.value);
    translate();
  });
}

const root = document.getElementById('main');
if (root === null) throw new Error('#main missing');
if (params.minutesId !== undefined) {
  void renderMinutesView(root, params, params.minutesId);
} else obtainJoinToken(root, params)
  .then((resolved) => {
    const app = new App(root, resolved);
    // The test hook (window.__kohtaamo) exists only in a test build (`vite build --mode test`): Vite replaces
    // import.meta.env.MODE with a constant, so a production bundle holds neither the branch nor the module
    // (checked by test/video/test-hook-build.e2e-spec.ts).
    if (import.meta.env.MODE === 'test') installTestHook(app);
    app.start();
  })
  .catch((e: unknown) => {
    console.warn('[kohtaamo] join token:', e);
    const message = t('invitation.failed', { reason: reasonText(e) });
    renderErrorView(root, 'invalid_token', message, undefined);
  });
