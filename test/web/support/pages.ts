import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './stack';

/** Where the web tests keep their screenshots (CI keeps the folder as an artifact). */
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'web');
mkdirSync(ARTIFACTS, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical findings on what the page shows now (an open dialog included). */
export async function axeSeriousOrCritical(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

export const LANGUAGE_LABEL = { fi: 'Suomi (FI)', sv: 'Svenska (SV)', en: 'English (EN)' } as const;

export async function chooseLanguage(page: Page, lang: keyof typeof LANGUAGE_LABEL): Promise<void> {
  await page.locator('#language-menu').click();
  await page.getByRole('menuitem', { name: LANGUAGE_LABEL[lang] }).click();
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
}

/** A suomifi Dropdown: open it and pick the option with this text. */
export async function pick(page: Page, dropdownId: string, option: string | RegExp): Promise<void> {
  await page.locator(`#${dropdownId}`).click();
  await page.getByRole('option', { name: option }).first().click();
}

/**
 * Keyboard only: press Tab (or Shift+Tab) until the focused element matches the selector, as a person
 * moving through the page would. Fails after `max` presses.
 */
export async function tabTo(page: Page, selector: string, o: { max?: number; back?: boolean } = {}): Promise<void> {
  for (let i = 0; i < (o.max ?? 80); i++) {
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
  }
  const at = await page.evaluate('document.activeElement?.outerHTML.slice(0, 200)');
  throw new Error(`Tab did not reach ${selector}; focus is on ${at}`);
}
