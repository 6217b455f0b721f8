// E2E against a production build. Run through `npm run test:e2e` (scripts/e2e.ts), which starts a
// fresh stack with demo data and `next start`, and passes their URLs in E2E_* variables.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/support/chromium';
import { ROLES, type RoleKey } from './e2e/support/roles';

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig<{ roleKey: RoleKey }>({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  projects: [
    // One setup project per signed-in role, each writing playwright/.auth/<role>.json.
    ...ROLES.map((role) => ({
      name: `setup ${role.key}`,
      testMatch: /auth\.setup\.ts/,
      use: { roleKey: role.key },
    })),
    {
      name: 'e2e',
      testMatch: /.*\.spec\.ts/,
      dependencies: ROLES.map((role) => `setup ${role.key}`),
    },
  ],
});
