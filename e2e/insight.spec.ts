// Scenario 13 (issue 15): the new list filters live in the URL and combine; an admin downloads the
// filtered list as CSV (BOM, RFC 4180, exactly the filtered calls) and finds the export in the
// access log; staff have no export.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { storageStatePath } from './support/roles';
import { accessTokenOf } from './support/session';

test('13a. sentiment, recording and duration filters combine in the URL; the CSV export holds exactly those calls and is in the access log', async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath('a-admin'), acceptDownloads: true });
  const page = await context.newPage();
  await page.goto('/calls');
  await page.getByTestId('filter-sentiment').selectOption('negative');
  await expect(page).toHaveURL(/sentiment=negative/);
  await page.getByTestId('filter-has-recording').selectOption('false');
  await expect(page).toHaveURL(/has_recording=false/);
  await page.getByTestId('filter-min-duration').fill('30');
  await page.getByTestId('filter-min-duration').press('Enter');
  await expect(page).toHaveURL(/min_duration=30/);
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  await expect(page.getByTestId('total-count')).toHaveAttribute('data-total-kind', 'exact');
  const total = Number((await page.getByTestId('total-count').innerText()).replace(/\D/g, ''));
  expect(total).toBeGreaterThan(0);

  // Reload: the filters come back from the URL, controls included.
  await page.reload();
  await expect(page.getByTestId('filter-sentiment')).toHaveValue('negative');
  await expect(page.getByTestId('filter-min-duration')).toHaveValue('30');
  await expect(page.getByTestId('active-filters')).toContainText('Without recording');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^calls-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(bytes.toString('utf8'), { bom: true }) as string[][];
  expect(rows).toHaveLength(total);
  const col = (name: string) => header.indexOf(name);
  for (const row of rows) {
    expect(row[col('sentiment')]).toBe('negative');
    expect(row[col('has_recording')]).toBe('false');
    expect(Number(row[col('duration_seconds')])).toBeGreaterThanOrEqual(30);
    expect(row[col('from_number')]).toMatch(/^'\+/);
  }

  await page.goto('/calls/access-log');
  const entry = page.getByTestId('access-log-row').filter({ hasText: 'Calls exported (CSV)' }).first();
  await expect(entry).toBeVisible();
  await expect(entry.getByTestId('export-row-count')).toHaveText(`${total.toLocaleString('en-US')} rows`);
  await context.close();
});

test('13b. staff have no export button, and the export route answers them 403', async ({ browser, request }) => {
  const context = await browser.newContext({ storageState: storageStatePath('a-staff') });
  const page = await context.newPage();
  await page.goto('/calls?sentiment=positive');
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  await expect(page.getByTestId('filter-sentiment')).toHaveValue('positive');
  await expect(page.getByTestId('export-csv')).toHaveCount(0);
  const res = await request.get('/api/calls-dashboard/export?sentiment=positive', { headers: { authorization: `Bearer ${await accessTokenOf(context)}` } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe('forbidden');
  await context.close();
});
