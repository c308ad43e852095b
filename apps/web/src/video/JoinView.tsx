import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Dropdown, DropdownItem, Paragraph, TextInput } from 'suomifi-ui-components';
import type { MeetingAbout as About } from '../token';
import { MeetingAbout } from './MeetingAbout';
import { useCall, useCallState } from './use-call-state';
import { ViewTitle } from './ViewTitle';

interface Devices {
  cameras: MediaDeviceInfo[];
  mics: MediaDeviceInfo[];
}

/**
 * Name, camera and microphone preview with device choice, then Join. Join waits for the devices still
 * being opened (the browser's permission prompt can take seconds): before, Join pressed early joined
 * without a microphone, and it stayed dead all call.
 */
export function JoinView({ about }: { about: About | undefined }) {
  const { t } = useTranslation();
  const call = useCall();
  const { local, preview } = call;
  const busy = useCallState().phase === 'joining';
  const guest = preview?.role === 'guest';
  const [name, setName] = useState(preview?.name ?? '');
  const [nameMissing, setNameMissing] = useState(false);
  const [cameraOn, setCameraOn] = useState(true);
  const [micOn, setMicOn] = useState(true);
  const [blocked, setBlocked] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [devices, setDevices] = useState<Devices>({ cameras: [], mics: [] });
  const [previewTrack, setPreviewTrack] = useState<MediaStreamTrack | undefined>(undefined);
  const [ids, setIds] = useState<{ camera?: string; mic?: string }>({});
  const video = useRef<HTMLVideoElement>(null);
  const want = useRef({ camera: true, mic: true });
  want.current = { camera: cameraOn, mic: micOn };
  /** the devices being opened: Join waits for it */
  const ready = useRef<Promise<void>>(Promise.resolve());

  const showLocal = useCallback(() => {
    setPreviewTrack(want.current.camera ? local.video : undefined);
    setIds({ camera: local.cameraId, mic: local.micId });
  }, [local]);

  const acquire = useCallback((): Promise<void> => {
    const now = async (): Promise<void> => {
      const ok = await local.open(want.current);
      setBlocked(!ok);
      showLocal();
      setDevices(await local.devices());
    };
    ready.current = ready.current.then(now, now);
    return ready.current;
  }, [local, showLocal]);

  useEffect(() => {
    void acquire();
  }, [acquire]);

  useEffect(() => {
    if (video.current !== null) video.current.srcObject = previewTrack === undefined ? null : new MediaStream([previewTrack]);
  }, [previewTrack]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const typed = name.trim();
    if (typed === '') {
      setNameMissing(true);
      document.getElementById('name-input')?.focus();
      return;
    }
    setNameMissing(false);
    if (busy || waiting) return;
    setWaiting(true);
    // wait for the devices still being opened, then (if a wanted one is still missing) ask once more
    void ready.current
      .then(() => ((want.current.mic && local.audio === undefined) || (want.current.camera && local.video === undefined) ? acquire() : undefined))
      .then(() => {
        if (!want.current.camera) local.stopVideo();
        if (!want.current.mic) {
          local.audio?.stop();
          local.audio = undefined;
        }
        setWaiting(false);
        void call.join({ name: typed, camera: want.current.camera && local.video !== undefined, mic: want.current.mic && local.audio !== undefined });
      });
  };

  const deviceLabel = (d: MediaDeviceInfo, i: number, what: string): string => d.label || `${what} ${i + 1}`;
  const pressed = busy || waiting;
  return (
    <section className="kv-card" aria-labelledby="join-heading" id="join-view">
      <ViewTitle id="join-heading">{t('video.join.heading')}</ViewTitle>
      <MeetingAbout about={about} />
      <Paragraph mb="m">{t('video.join.intro')}</Paragraph>
      <div className="kv-join-grid">
        <div className="kv-preview">
          <video id="preview-video" ref={video} autoPlay playsInline muted aria-label={t('video.join.preview')} hidden={previewTrack === undefined} />
          {previewTrack === undefined && <p className="kv-preview-off">{t('video.join.previewOff')}</p>}
        </div>
        <form id="join-form" noValidate onSubmit={submit}>
          <div className="kv-field">
            <TextInput
              id="name-input"
              labelText={t('video.join.name')}
              hintText={guest || preview === undefined ? t('video.join.nameHint') : t('video.join.nameFixed')}
              value={name}
              onChange={(v) => setName(String(v ?? ''))}
              autoComplete="name"
              maxLength={100}
              readOnly={!guest && preview !== undefined}
              status={nameMissing ? 'error' : 'default'}
              statusText={nameMissing ? t('video.join.nameRequired') : undefined}
              fullWidth
            />
          </div>
          {preview !== undefined && <p className="kv-role">{t(`video.role.${preview.role}`)}</p>}
          <div className="kv-field">
            <Dropdown
              id="camera-select"
              labelText={t('video.join.camera')}
              visualPlaceholder={t('video.join.noDevice')}
              value={devices.cameras.some((d) => d.deviceId === ids.camera) ? (ids.camera ?? null) : null}
              disabled={devices.cameras.length === 0}
              onChange={(id) => void local.setCamera(id || undefined).then(showLocal)}
              fullWidth
            >
              {devices.cameras.length === 0
                // suomifi's Dropdown reads its first item: an empty list would break it
                ? <DropdownItem value="">{t('video.join.noDevice')}</DropdownItem>
                : devices.cameras.map((d, i) => <DropdownItem key={d.deviceId || i} value={d.deviceId}>{deviceLabel(d, i, t('video.join.camera'))}</DropdownItem>)}
            </Dropdown>
          </div>
          <div className="kv-field">
            <Dropdown
              id="mic-select"
              labelText={t('video.join.microphone')}
              visualPlaceholder={t('video.join.noDevice')}
              value={devices.mics.some((d) => d.deviceId === ids.mic) ? (ids.mic ?? null) : null}
              disabled={devices.mics.length === 0}
              onChange={(id) => void local.setMic(id || undefined).then(showLocal)}
              fullWidth
            >
              {devices.mics.length === 0
                // suomifi's Dropdown reads its first item: an empty list would break it
                ? <DropdownItem value="">{t('video.join.noDevice')}</DropdownItem>
                : devices.mics.map((d, i) => <DropdownItem key={d.deviceId || i} value={d.deviceId}>{deviceLabel(d, i, t('video.join.microphone'))}</DropdownItem>)}
            </Dropdown>
          </div>
          <div className="kv-checks">
            <Checkbox
              id="camera-on"
              checked={cameraOn}
              onClick={({ checkboxState }) => {
                setCameraOn(checkboxState);
                want.current = { ...want.current, camera: checkboxState };
                if (checkboxState) void acquire();
                else {
                  local.stopVideo();
                  showLocal();
                }
              }}
            >
              {t('video.join.cameraOn')}
            </Checkbox>
            <Checkbox
              id="mic-on"
              checked={micOn}
              onClick={({ checkboxState }) => {
                setMicOn(checkboxState);
                want.current = { ...want.current, mic: checkboxState };
                if (checkboxState) void acquire();
              }}
            >
              {t('video.join.micOn')}
            </Checkbox>
          </div>
          {blocked && <p id="device-notice" className="kv-notice">{t('video.join.devicesBlocked')}</p>}
          <Button id="join-button" type="submit" disabled={pressed} aria-busy={pressed}>
            {busy ? t('video.join.joining') : t('video.join.button')}
          </Button>
        </form>
      </div>
    </section>
  );
}
