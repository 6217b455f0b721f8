import next from 'eslint-config-next';
import tenant from './eslint-rules/index.js';

const config = [
  { ignores: ['.next/**', 'node_modules/**', '.data/**', '.data-*/**', 'scratch/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  ...next,
  // Tenant isolation (docs/security.md): every query on a tenant table names the org. Tests,
  // e2e and benchmarks query across orgs on purpose (fixtures, attacks) and are not checked.
  {
    files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'],
    ignores: ['tests/**', 'e2e/**', 'bench/**', 'eslint-rules/**'],
    plugins: { tenant },
    rules: {
      'tenant/require-org-filter': ['error', { scopedHelpers: ['applyFilters'], scopedHelperPrefixes: ['scoped'] }],
      'tenant/disable-needs-reason': 'error',
    },
  },
];

export default config;
