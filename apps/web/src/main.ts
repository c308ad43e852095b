import { App } from './app';
import { JoinTokenError, obtainJoinToken } from './join-token';
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
    installTestHook(app);
    app.start();
  })
  .catch((e: unknown) => {
    const message = e instanceof JoinTokenError ? t('invitation.failed', { reason: e.message }) : String(e);
    renderErrorView(root, 'invalid_token', message, undefined);
  });
