// Signs in once per role through the real login page and saves the signed-in state.
import { test as base, expect } from '@playwright/test';
import { ROLES, storageStatePath, type RoleKey } from './support/roles';

const setup = base.extend<{ roleKey: RoleKey }>({ roleKey: ['a-staff', { option: true }] });

setup('sign in', async ({ page, roleKey }) => {
  const role = ROLES.find((r) => r.key === roleKey)!;
  await page.goto('/login');
  await page.getByLabel('Email').fill(role.email);
  await page.getByLabel('Password').fill('demo-password-123');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/calls/);
  await expect(page.getByTestId('header-user-email')).toHaveText(role.email);
  await page.context().storageState({ path: storageStatePath(roleKey) });
});
