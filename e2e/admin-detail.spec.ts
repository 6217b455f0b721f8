// Scenarios 3, 4 and 9: an Acme admin plays a recording and follows the transcript; a Globex id looks
// exactly like a random one; the access log shows the play to Acme's admins and not to Globex's.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { recordedCallId } from './support/env';
import { storageStatePath } from './support/roles';
import { accessTokenOf } from './support/session';

test.describe.configure({ mode: 'serial' });

let playedCall: string;

test.describe('as admin@acme.test', () => {
  test.use({ storageState: storageStatePath('a-admin') });

  test('3. the recording plays, the transcript is shown, and clicking a turn seeks the audio', async ({ page }) => {
    playedCall = await recordedCallId('acme');
    await page.goto('/calls');
    await expect(page.getByTestId('call-row').first()).toBeVisible();
    // Kept from a passing run (docs/screenshots/ holds a copy).
    await page.screenshot({ path: 'test-results/screenshots/calls-list.png', fullPage: true });
    await page.locator(`[data-call-id="${playedCall}"]`).getByTestId('call-row-link').click();
    await expect(page).toHaveURL(new RegExp(`/calls/${playedCall}`));
    await expect(page.getByTestId('call-detail')).toBeVisible();

    const audio = page.getByTestId('audio-player');
    await expect(audio).toHaveAttribute('src', /\/storage\/v1\/object\/sign\/call-recordings\/.+token=/);
    await audio.evaluate((el: HTMLAudioElement) => el.play());
    await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);

    const turns = page.getByTestId('transcript-turn');
    expect(await turns.count()).toBeGreaterThan(2);
    const target = turns.nth(3);
    const start = Number(await target.getAttribute('data-start'));
    expect(start).toBeGreaterThan(1);
    await target.getByRole('button').click();
    await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeGreaterThanOrEqual(start - 0.05);
    expect(await audio.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeLessThan(start + 3);
    await expect(target).toHaveAttribute('data-active', 'true');
    await audio.evaluate((el: HTMLAudioElement) => el.pause());
    await page.screenshot({ path: 'test-results/screenshots/call-detail.png', fullPage: true });
  });

  test('4. a Globex call id shows the same not-found page as a random id; the API answers 404', async ({ page, context, request }) => {
    const globexCall = await recordedCallId('globex');
    await page.goto(`/calls/${globexCall}`);
    await expect(page.getByTestId('not-found')).toBeVisible();
    const foreignText = await page.locator('main').innerText();
    await page.goto(`/calls/${randomUUID()}`);
    await expect(page.getByTestId('not-found')).toBeVisible();
    expect(await page.locator('main').innerText()).toBe(foreignText);

    const token = await accessTokenOf(context);
    const foreign = await request.get(`/api/calls-dashboard/${globexCall}`, { headers: { authorization: `Bearer ${token}` } });
    const random = await request.get(`/api/calls-dashboard/${randomUUID()}`, { headers: { authorization: `Bearer ${token}` } });
    expect(foreign.status()).toBe(404);
    expect(await foreign.text()).toBe(await random.text());
  });

  test('9a. the access log lists the recording just played', async ({ page }) => {
    await page.goto('/calls/access-log');
    const rows = page.getByTestId('access-log-row');
    await expect(rows.first()).toBeVisible();
    const played = rows.filter({ hasText: 'admin@acme.test' }).filter({ has: page.locator(`a[href*="${playedCall}"]`) });
    await expect(played.filter({ hasText: /recording/i }).first()).toBeVisible();
  });
});

test.describe('as admin@globex.test', () => {
  test.use({ storageState: storageStatePath('b-admin') });

  test("9b. Globex's access log does not list it", async ({ page }) => {
    await page.goto('/calls/access-log');
    await expect(page.getByTestId('access-log-table').or(page.getByTestId('empty-state'))).toBeVisible();
    await expect(page.locator(`a[href*="${playedCall}"]`)).toHaveCount(0);
    await expect(page.locator('main')).not.toContainText('admin@acme.test');
  });
});
