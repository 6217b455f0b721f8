// Scenario 14 (issue 15): the overview. Staff open it from the navigation and see the numbers the
// API gives for the same local days; the period and direction live in the URL; every chart's numbers
// are a table too; it fits a phone. An admin changes the org's time zone and the overview follows.
import { expect, test, type BrowserContext } from '@playwright/test';
import type { OverviewResponse, TimeZoneResponse } from '../lib/api/contract';
import { changeVsPrevious } from '../lib/client/overview-format';
import { storageStatePath } from './support/roles';
import { accessTokenOf } from './support/session';

async function api<T>(context: BrowserContext, path: string, init?: { method: string; body: unknown }): Promise<T> {
  const res = await context.request.fetch(path, {
    method: init?.method ?? 'GET',
    headers: { authorization: `Bearer ${await accessTokenOf(context)}`, ...(init ? { 'content-type': 'application/json' } : {}) },
    data: init ? JSON.stringify(init.body) : undefined,
  });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

const count = (n: number) => n.toLocaleString('en-US');

test('14a. staff open the overview: the numbers are the API\u2019s for the same local days, period and direction stay in the URL, charts read as tables', async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath('a-staff') });
  const page = await context.newPage();
  await page.goto('/calls');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByTestId('overview')).toBeVisible();

  const { timeZone } = await api<TimeZoneResponse>(context, '/api/settings/time-zone');
  await expect(page.getByTestId('overview-time-zone')).toHaveText(timeZone);
  // The default period: the last 30 days of the org's zone, today included.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const from30 = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const all = (await api<OverviewResponse>(context, `/api/overview?from=${from30}&to=${today}&direction=all`)).overview;
  expect(all.totals.calls).toBeGreaterThan(0);
  await expect(page.getByTestId('kpi-calls-value')).toHaveText(count(all.totals.calls));
  // Against the 30 days before: the change the API's numbers give.
  const prevTo = new Date(Date.parse(`${from30}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const prevFrom = new Date(Date.parse(`${from30}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  const prev = (await api<OverviewResponse>(context, `/api/overview?from=${prevFrom}&to=${prevTo}&direction=all`)).overview;
  const change = changeVsPrevious(all.totals.calls, prev.totals.calls);
  if (change) await expect(page.getByTestId('kpi-calls-change')).toContainText(`${change.text} vs previous 30 days`);
  else await expect(page.getByTestId('kpi-calls-change')).toHaveCount(0);

  // Inbound only, in the URL; the numbers follow.
  await page.getByTestId('overview-direction-inbound').click();
  await expect(page).toHaveURL(/direction=inbound/);
  const inbound = (await api<OverviewResponse>(context, `/api/overview?from=${from30}&to=${today}&direction=inbound`)).overview;
  await expect(page.getByTestId('kpi-calls-value')).toHaveText(count(inbound.totals.calls));
  expect(inbound.totals.calls).toBeLessThan(all.totals.calls);

  // 7 days: the daily chart's table has one row per day, and a reload keeps it all.
  await page.getByTestId('overview-preset-7d').click();
  await expect(page).toHaveURL(/period=7d/);
  await page.reload();
  await expect(page.getByTestId('overview-direction-inbound')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('overview-preset-7d')).toHaveAttribute('aria-pressed', 'true');
  const daily = page.getByTestId('chart-daily');
  await daily.getByRole('button', { name: 'Table' }).click();
  await expect(daily.getByRole('table')).toBeVisible();
  await expect(daily.getByRole('table').locator('tbody tr')).toHaveCount(7);
  // The other charts keep their tables for screen readers.
  for (const id of ['chart-status', 'chart-success', 'chart-ended-reason', 'chart-sentiment', 'chart-agents', 'chart-hours']) {
    await expect(page.getByTestId(id).getByRole('table', { includeHidden: true })).toHaveCount(1);
  }

  // A period without calls says so.
  await page.goto('/overview?period=custom&from=2001-01-01&to=2001-01-31');
  await expect(page.getByTestId('overview-empty')).toBeVisible();
  await context.close();
});

test('14b. the overview fits a phone', async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath('a-admin'), viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/overview?period=90d');
  await expect(page.getByTestId('chart-daily').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByTestId('chart-hours')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test('14c. an admin changes the org\u2019s time zone; the overview counts days in it, and staff cannot change it', async ({ browser }) => {
  const admin = await browser.newContext({ storageState: storageStatePath('b-admin') });
  const page = await admin.newPage();
  const before = (await api<TimeZoneResponse>(admin, '/api/settings/time-zone')).timeZone;
  const target = before === 'Asia/Kolkata' ? 'America/Los_Angeles' : 'Asia/Kolkata';
  try {
    await page.goto('/settings/organization');
    await expect(page.getByTestId('time-zone-current')).toHaveText(before);
    await page.getByTestId('time-zone-input').fill('Mars/Olympus_Mons');
    await expect(page.getByTestId('time-zone-problem')).toBeVisible();
    await expect(page.getByTestId('time-zone-save')).toBeDisabled();
    await page.getByTestId('time-zone-input').fill(target);
    await page.getByTestId('time-zone-save').click();
    await expect(page.getByTestId('time-zone-saved')).toBeVisible();
    await expect(page.getByTestId('time-zone-current')).toHaveText(target);

    await page.goto('/overview');
    await expect(page.getByTestId('overview-time-zone')).toHaveText(target);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: target }).format(new Date());
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const o = (await api<OverviewResponse>(admin, `/api/overview?from=${from}&to=${today}&direction=all`)).overview;
    expect(o.timeZone).toBe(target);
    await expect(page.getByTestId('kpi-calls-value')).toHaveText(count(o.totals.calls));
  } finally {
    await api<TimeZoneResponse>(admin, '/api/settings/time-zone', { method: 'PUT', body: { timeZone: before } });
  }

  const staff = await browser.newContext({ storageState: storageStatePath('b-staff') });
  const res = await staff.request.fetch('/api/settings/time-zone', {
    method: 'PUT',
    headers: { authorization: `Bearer ${await accessTokenOf(staff)}`, 'content-type': 'application/json' },
    data: JSON.stringify({ timeZone: 'UTC' }),
  });
  expect(res.status()).toBe(403);
  await admin.close();
  await staff.close();
});
