import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LobbyEntryInfo, PeerInfo } from '@kohtaamo/protocol';
import { initials, tilesOf, type CallState, type TileModel, type TrackRef } from './call-store';
import { useCall, useCallState } from './use-call-state';
import { ViewTitle } from './ViewTitle';

/**
 * The call: a grid with one tile per participant (camera or initials) plus one per screen share, the
 * active speaker outlined and labelled "Speaking" (never colour alone, never while muted), a toolbar, and
 * for hosts a panel with the lobby, per-participant mute/remove and end-for-all.
 */
export function CallView() {
  const { t } = useTranslation();
  const state = useCallState();
  const tiles = tilesOf(state);
  const host = state.self?.role === 'host';
  return (
    <>
      <div className="kv-call">
        <section className="kv-stage" aria-labelledby="call-heading">
          <ViewTitle id="call-heading" hidden>{t('video.call.heading')}</ViewTitle>
          <p id="call-banner" className="banner" role="status" hidden={state.banner === null}>
            {state.banner === null ? '' : state.banner.key === 'mutedByHost' ? t('video.call.mutedByHost', { name: state.banner.name }) : t(`video.call.${state.banner.key}`)}
          </p>
          <p id="connection-quality" className="quality" role="status" data-quality={state.quality} hidden={state.quality === 'unknown'}>
            {state.quality === 'unknown' ? '' : t(`video.call.quality.${state.quality}`)}
          </p>
          <div className="grid" id="grid" aria-live="off" data-count={tiles.length}>
            {tiles.map((tile) => <Tile key={tile.key} tile={tile} />)}
          </div>
          <Toolbar state={state} />
        </section>
        {host && <HostPanel self={state.self} peers={state.peers} lobby={state.lobby} />}
      </div>
      <AudioSinks tracks={state.tracks} />
    </>
  );
}

function Tile({ tile }: { tile: TileModel }) {
  const { t } = useTranslation();
  const call = useCall();
  const name = tile.kind === 'screen' ? t('video.call.screenOf', { name: tile.name }) : tile.isSelf ? t('video.call.you', { name: tile.name }) : tile.name;
  return (
    <figure className={`tile${tile.speaking ? ' speaking' : ''}${tile.kind === 'screen' ? ' screen' : ''}${tile.held ? ' held' : ''}`} role="group" aria-label={name} data-participant-id={tile.participantId} data-source={tile.kind}>
      <div className="media">
        {tile.track === null ? (
          <div className="avatar" aria-hidden="true"><span>{initials(tile.name)}</span></div>
        ) : (
          <TrackVideo track={tile.track} consumerId={tile.consumerId} mirror={tile.isSelf} onFirstFrame={() => call.firstFrame()} onSize={(id, w, h) => call.reportTile(id, w, h)} />
        )}
      </div>
      <figcaption>
        <span className="name">{name}</span>
        {tile.kind === 'camera' && tile.roomCount !== undefined && <span className="badge room">{t('video.call.roomCount', { count: tile.roomCount })}</span>}
        {tile.kind === 'camera' && tile.micMuted && <span className="badge muted">{t('video.call.muted')}</span>}
        {tile.speaking && <span className="badge speaking">{t('video.call.speaking')}</span>}
        {tile.held && <span className="badge held">{t('video.call.videoHeld')}</span>}
        {tile.kind === 'camera' && tile.track === null && <span className="visually-hidden">{t('video.call.noVideo')}</span>}
      </figcaption>
    </figure>
  );
}

/**
 * One video element per track (kept while the track lasts, so playing video is never re-attached); a remote
 * one reports its first frame and, 250 ms after a resize settles, its drawn size for the simulcast layer.
 */
function TrackVideo({ track, consumerId, mirror, onFirstFrame, onSize }: {
  track: MediaStreamTrack; consumerId: string | null; mirror: boolean; onFirstFrame: () => void; onSize: (consumerId: string, w: number, h: number) => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  const callbacks = useRef({ onFirstFrame, onSize });
  callbacks.current = { onFirstFrame, onSize };
  useEffect(() => {
    const video = ref.current;
    if (video === null) return;
    video.srcObject = new MediaStream([track]);
    if (consumerId === null) return;
    const mark = (): void => callbacks.current.onFirstFrame();
    video.requestVideoFrameCallback?.(() => mark());
    video.addEventListener('loadeddata', mark, { once: true });
    const media = video.parentElement;
    let timer: number | undefined;
    const observer = new ResizeObserver((entries) => {
      const rect = entries[0]?.contentRect;
      if (rect === undefined) return;
      if (timer !== undefined) clearTimeout(timer);
      const dpr = window.devicePixelRatio || 1;
      timer = window.setTimeout(() => callbacks.current.onSize(consumerId, rect.width * dpr, rect.height * dpr), 250);
    });
    if (media !== null) observer.observe(media);
    return () => {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      video.removeEventListener('loadeddata', mark);
    };
  }, [track, consumerId]);
  return <video ref={ref} autoPlay playsInline muted aria-hidden="true" className={mirror ? 'mirror' : undefined} data-consumer-id={consumerId ?? undefined} />;
}

function AudioSinks({ tracks }: { tracks: TrackRef[] }) {
  return (
    <div className="audio-sinks" aria-hidden="true">
      {tracks.filter((t) => t.kind === 'audio').map((t) => <AudioSink key={t.consumerId} track={t} />)}
    </div>
  );
}

function AudioSink({ track }: { track: TrackRef }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (audio === null) return;
    audio.srcObject = new MediaStream([track.track]);
    void audio.play().catch(() => undefined);
  }, [track.track]);
  return <audio ref={ref} autoPlay data-participant-id={track.participantId} />;
}

function Toolbar({ state }: { state: CallState }) {
  const { t } = useTranslation();
  const call = useCall();
  const c = state.controls;
  // without a microphone the button offers to turn it on (it opens the device), never a dead disabled button
  const micOff = c.micMuted || !c.hasMic;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('video.call.controls')}>
      <button type="button" id="mic-button" className="kv-btn" aria-pressed={micOff} onClick={() => void call.toggleMic()}>
        {micOff ? t('video.call.unmute') : t('video.call.mute')}
      </button>
      <button type="button" id="camera-button" className="kv-btn" aria-pressed={!c.cameraOn} onClick={() => void call.toggleCamera()}>
        {c.cameraOn ? t('video.call.cameraOff') : t('video.call.cameraOn')}
      </button>
      {c.canShare && (
        <button type="button" id="screen-button" className="kv-btn" aria-pressed={c.sharing} onClick={() => void call.toggleScreen()}>
          {c.sharing ? t('video.call.stopShare') : t('video.call.share')}
        </button>
      )}
      <button type="button" id="leave-button" className="kv-btn danger" onClick={() => void call.leave()}>
        {t('video.call.leave')}
      </button>
    </div>
  );
}

function HostPanel({ self, peers, lobby }: { self: PeerInfo | null; peers: PeerInfo[]; lobby: LobbyEntryInfo[] }) {
  const { t } = useTranslation();
  const call = useCall();
  return (
    <aside className="host-panel" id="host-panel" aria-labelledby="host-heading">
      <h2 id="host-heading">{t('video.host.panel')}</h2>
      <h3>{t('video.host.lobby', { count: lobby.length })}</h3>
      {lobby.length === 0 ? (
        <p className="muted-text">{t('video.host.lobbyEmpty')}</p>
      ) : (
        <ul className="people" id="lobby-list">
          {lobby.map((e) => (
            <li key={e.participantId} data-participant-id={e.participantId}>
              <span className="name">{e.name}</span>
              <span className="actions">
                <button type="button" id={`admit-${e.participantId}`} className="kv-btn primary small" aria-label={t('video.host.admitWho', { name: e.name })} onClick={() => void call.hostAction('lobby:admit', e.participantId)}>
                  {t('video.host.admit')}
                </button>
                <button type="button" id={`deny-${e.participantId}`} className="kv-btn small" aria-label={t('video.host.denyWho', { name: e.name })} onClick={() => void call.hostAction('lobby:deny', e.participantId)}>
                  {t('video.host.deny')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('video.host.participants', { count: peers.length + 1 })}</h3>
      <ul className="people" id="participant-list">
        <li><span className="name">{t('video.call.you', { name: self?.name ?? '' })}</span></li>
        {peers.map((p) => {
          const mic = p.producers.find((x) => x.source === 'mic');
          return (
            <li key={p.participantId} data-participant-id={p.participantId}>
              <span className="name">{p.name}</span>
              <span className="actions">
                <button type="button" id={`mute-${p.participantId}`} className="kv-btn small" aria-label={t('video.host.muteWho', { name: p.name })} disabled={mic === undefined || mic.paused} onClick={() => void call.hostAction('host:mute', p.participantId)}>
                  {t('video.host.mute')}
                </button>
                {p.role !== 'host' && (
                  <button type="button" id={`remove-${p.participantId}`} className="kv-btn small danger" aria-label={t('video.host.removeWho', { name: p.name })} onClick={() => void call.hostAction('host:remove', p.participantId)}>
                    {t('video.host.remove')}
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <button type="button" id="end-button" className="kv-btn danger" onClick={() => void call.endForAll()}>{t('video.host.end')}</button>
    </aside>
  );
}
