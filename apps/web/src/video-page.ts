// The video page as it was before the staff app: its own markup, styles and start-up (main.ts). It moves
// into the React app later; until then it keeps its addresses and its DOM (the video tests read it).
import './styles.css';

document.body.innerHTML = `
    <a class="skip-link" href="#main" data-i18n="a11y.skip">Siirry sisältöön</a>
    <header class="app-header">
      <span class="brand">Kohtaamo</span>
      <label class="lang">
        <span class="visually-hidden" data-i18n="lang.label">Kieli</span>
        <select id="lang-select">
          <option value="fi" lang="fi">Suomi</option>
          <option value="sv" lang="sv">Svenska</option>
          <option value="en" lang="en">English</option>
        </select>
      </label>
    </header>
    <main id="main" tabindex="-1"></main>
    <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>`;

void import('./main');
