// The browser for the e2e suite: CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's own
// download where one exists. With none, fail and say how to get one — never skip.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright's own browser is not installed
  }
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the e2e tests. Install one (Debian: `apt-get update && apt-get install -y chromium`), ' +
        'or set CHROMIUM_PATH to a Chromium binary, or run `npx playwright install chromium` where downloads work.',
    );
  }
  return found;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];
