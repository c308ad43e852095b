/**
 * Debian's Chromium with a fake camera and microphone (a test pattern and a beep), headless, for the
 * browser tests and the video benchmarks alike. Never `playwright install`: it downloads a browser.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const CHROMIUM_BIN = process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium';
