/** The participant's own camera and microphone: acquisition, device choice, preview. */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 960 }, height: { ideal: 540 }, frameRate: { ideal: 24, max: 30 } };

export class LocalMedia {
  audio?: MediaStreamTrack;
  video?: MediaStreamTrack;
  cameraId?: string;
  micId?: string;

  /** Asks for what is wanted; returns false when the browser refused or has no such device. */
  async open(want: { camera: boolean; mic: boolean }): Promise<boolean> {
    let ok = true;
    if (want.mic && this.audio === undefined) ok = (await this.setMic(this.micId)) && ok;
    if (want.camera && this.video === undefined) ok = (await this.setCamera(this.cameraId)) && ok;
    return ok;
  }

  async setCamera(deviceId: string | undefined): Promise<boolean> {
    this.stopVideo();
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: deviceId === undefined ? CAMERA_CONSTRAINTS : { ...CAMERA_CONSTRAINTS, deviceId: { exact: deviceId } },
      });
      this.video = stream.getVideoTracks()[0];
      this.cameraId = this.video?.getSettings().deviceId ?? deviceId;
      return this.video !== undefined;
    } catch {
      return false;
    }
  }

  async setMic(deviceId: string | undefined): Promise<boolean> {
    this.audio?.stop();
    this.audio = undefined;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...(deviceId === undefined ? {} : { deviceId: { exact: deviceId } }) },
      });
      this.audio = stream.getAudioTracks()[0];
      this.micId = this.audio?.getSettings().deviceId ?? deviceId;
      return this.audio !== undefined;
    } catch {
      return false;
    }
  }

  async devices(): Promise<{ cameras: MediaDeviceInfo[]; mics: MediaDeviceInfo[] }> {
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      return { cameras: all.filter((d) => d.kind === 'videoinput'), mics: all.filter((d) => d.kind === 'audioinput') };
    } catch {
      return { cameras: [], mics: [] };
    }
  }

  previewStream(): MediaStream | null {
    return this.video === undefined ? null : new MediaStream([this.video]);
  }

  stopVideo(): void {
    this.video?.stop();
    this.video = undefined;
  }

  stopAll(): void {
    this.stopVideo();
    this.audio?.stop();
    this.audio = undefined;
  }
}
