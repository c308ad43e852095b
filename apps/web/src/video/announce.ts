/** Says something to screen-reader users through the page's polite live region (#announcer, VideoLayout). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (region === null) return;
  region.textContent = '';
  // A fresh text node in a later frame is announced even when the text repeats.
  requestAnimationFrame(() => {
    region.textContent = message;
  });
}
