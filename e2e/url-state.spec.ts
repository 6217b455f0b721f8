// Scenario 6: filters, search, sort and paging live in the URL, and survive reload and back/forward.
import { expect, test, type Page } from '@playwright/test';
import { storageStatePath } from './support/roles';

test.use({ storageState: storageStatePath('a-admin') });

const firstIds = (page: Page) =>
  page.getByTestId('call-row').evaluateAll((els) => els.slice(0, 5).map((el) => el.getAttribute('data-call-id')));

test('6. filters, search, sort and paging are kept in the URL', async ({ page }) => {
  await page.goto('/calls');
  await page.getByTestId('tab-outbound').click();
  await expect(page).toHaveURL(/direction=outbound/);

  await page.getByTestId('status-filter').click();
  await page.getByTestId('status-option-completed').click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/status=completed/);

  await page.getByTestId('calls-search').fill('recalls');
  await expect(page).toHaveURL(/q=recalls/);

  await page.getByTestId('sort-duration').click();
  await expect(page).toHaveURL(/sort=duration/);
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  const page1 = await firstIds(page);

  await page.getByTestId('pager-next').click();
  await expect(page).toHaveURL(/cursor=/);
  await expect.poll(() => firstIds(page)).not.toEqual(page1);
  const page2 = await firstIds(page);
  const page2Url = page.url();

  await page.reload();
  await expect(page.getByTestId('call-row').first()).toBeVisible();
  expect(page.url()).toBe(page2Url);
  expect(await firstIds(page)).toEqual(page2);
  await expect(page.getByTestId('tab-outbound')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('calls-search')).toHaveValue('recalls');

  await page.goBack();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page).toHaveURL(/direction=outbound/);
  await expect.poll(() => firstIds(page)).toEqual(page1);

  await page.goForward();
  await expect(page).toHaveURL(/cursor=/);
  await expect.poll(() => firstIds(page)).toEqual(page2);
});
