/**
 * A short two-note chime (WebAudio, no sound file to download): a guest knocked at the lobby. The host has
 * pressed Join on this page, so the browser allows the sound. Quiet (gain 0.15), 0.4 s.
 */
let ctx: AudioContext | undefined;

export function chime(): boolean {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
    const now = ctx.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = now + i * 0.18;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(0.15, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, start + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.22);
    }
    return true;
  } catch {
    return false; // no WebAudio: the live region still says it
  }
}
