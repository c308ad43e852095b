import { clear, focusHeading, h } from '../dom';
import { t, type MessageKey } from '../i18n';
import type { LocalMedia } from '../local-media';
import type { MeetingAbout, TokenPreview } from '../token';
import { meetingAbout } from './meeting-about';

export interface JoinChoice {
  name: string;
  camera: boolean;
  mic: boolean;
}

export interface JoinView {
  setBusy(busy: boolean): void;
  showError(message: string): void;
}

/** Name, camera and microphone preview with device choice, then Join. */
export function renderJoinView(root: HTMLElement, preview: TokenPreview | undefined, about: MeetingAbout | undefined, local: LocalMedia, onJoin: (c: JoinChoice) => void): JoinView {
  clear(root);
  const guest = preview?.role === 'guest';
  const nameInput = h('input', {
    id: 'name-input',
    attrs: { type: 'text', autocomplete: 'name', maxlength: 100, required: true, 'aria-describedby': 'name-hint', readonly: !guest && preview !== undefined },
  });
  nameInput.value = preview?.name ?? '';
  const video = h('video', { id: 'preview-video', i18nAria: 'join.preview', attrs: { autoplay: true, playsinline: true } });
  video.muted = true;
  const previewOff = h('p', { class: 'preview-off', i18n: 'join.previewOff' });
  const cameraSelect = h('select', { id: 'camera-select' });
  const micSelect = h('select', { id: 'mic-select' });
  const cameraOn = h('input', { id: 'camera-on', attrs: { type: 'checkbox', checked: true } });
  const micOn = h('input', { id: 'mic-on', attrs: { type: 'checkbox', checked: true } });
  const notice = h('p', { id: 'device-notice', class: 'notice', attrs: { hidden: true } });
  const error = h('p', { id: 'join-error', class: 'error', attrs: { role: 'alert' } });
  const button = h('button', { id: 'join-button', class: 'primary', i18n: 'join.button', attrs: { type: 'submit' } });

  const showPreview = (): void => {
    const stream = cameraOn.checked ? local.previewStream() : null;
    video.srcObject = stream;
    video.hidden = stream === null;
    previewOff.hidden = stream !== null;
  };
  const fill = async (): Promise<void> => {
    const { cameras, mics } = await local.devices();
    const options = (select: HTMLSelectElement, list: MediaDeviceInfo[], current: string | undefined, label: MessageKey): void => {
      clear(select);
      if (list.length === 0) select.append(h('option', { i18n: 'join.noDevice', attrs: { value: '' } }));
      list.forEach((d, i) => select.append(h('option', { text: d.label || `${t(label)} ${i + 1}`, attrs: { value: d.deviceId, selected: d.deviceId === current } })));
      select.disabled = list.length === 0;
    };
    options(cameraSelect, cameras, local.cameraId, 'join.camera');
    options(micSelect, mics, local.micId, 'join.microphone');
  };
  const acquireNow = async (): Promise<void> => {
    const ok = await local.open({ camera: cameraOn.checked, mic: micOn.checked });
    notice.hidden = ok;
    notice.textContent = ok ? '' : t('join.devicesBlocked');
    showPreview();
    await fill();
  };
  /**
   * The devices being opened (the browser's permission prompt can take seconds). Join waits for it: before,
   * Join pressed before the microphone was open joined without one, and the mic stayed dead all call.
   */
  let ready: Promise<void> = Promise.resolve();
  const acquire = (): Promise<void> => {
    const previous = ready;
    ready = previous.then(acquireNow, acquireNow);
    return ready;
  };

  cameraSelect.addEventListener('change', () => void local.setCamera(cameraSelect.value || undefined).then(showPreview));
  micSelect.addEventListener('change', () => void local.setMic(micSelect.value || undefined));
  cameraOn.addEventListener('change', () => {
    if (cameraOn.checked) void acquire();
    else {
      local.stopVideo();
      showPreview();
    }
  });
  micOn.addEventListener('change', () => void (micOn.checked ? acquire() : Promise.resolve()));

  const form = h('form', { id: 'join-form', attrs: { novalidate: true } },
    h('div', { class: 'field' },
      h('label', { i18n: 'join.name', attrs: { for: 'name-input' } }),
      nameInput,
      h('p', { id: 'name-hint', class: 'hint', i18n: guest || preview === undefined ? 'join.nameHint' : 'join.nameFixed' }),
    ),
    preview === undefined ? null : h('p', { class: 'role', i18n: `role.${preview.role}` }),
    h('div', { class: 'field' }, h('label', { i18n: 'join.camera', attrs: { for: 'camera-select' } }), cameraSelect),
    h('div', { class: 'field' }, h('label', { i18n: 'join.microphone', attrs: { for: 'mic-select' } }), micSelect),
    h('div', { class: 'checks' },
      h('label', {}, cameraOn, h('span', { i18n: 'join.cameraOn' })),
      h('label', {}, micOn, h('span', { i18n: 'join.micOn' })),
    ),
    notice,
    error,
    button,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = nameInput.value.trim();
    if (name === '') {
      error.textContent = t('join.nameRequired');
      nameInput.setAttribute('aria-invalid', 'true');
      nameInput.focus();
      return;
    }
    nameInput.removeAttribute('aria-invalid');
    error.textContent = '';
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    // wait for the devices still being opened, then (if a wanted one is still missing) ask once more
    void ready
      .then(() => (micOn.checked && local.audio === undefined) || (cameraOn.checked && local.video === undefined) ? acquire() : undefined)
      .then(() => {
        if (!cameraOn.checked) local.stopVideo();
        if (!micOn.checked) {
          local.audio?.stop();
          local.audio = undefined;
        }
        button.disabled = false;
        onJoin({ name, camera: cameraOn.checked && local.video !== undefined, mic: micOn.checked && local.audio !== undefined });
      });
  });

  const section = h('section', { class: 'card join', attrs: { 'aria-labelledby': 'join-heading' } },
    h('h1', { id: 'join-heading', i18n: 'join.heading' }),
    meetingAbout(about),
    h('p', { i18n: 'join.intro' }),
    h('div', { class: 'join-grid' }, h('div', { class: 'preview' }, video, previewOff), form),
  );
  root.append(section);
  focusHeading(section);
  void acquire();

  return {
    setBusy(busy: boolean): void {
      button.disabled = busy;
      button.dataset['i18n'] = busy ? 'join.joining' : 'join.button';
      button.textContent = t(busy ? 'join.joining' : 'join.button');
      button.setAttribute('aria-busy', String(busy));
    },
    showError(message: string): void {
      error.textContent = message;
    },
  };
}
