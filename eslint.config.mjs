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
  // Layering (docs/architecture.md): app → components, inngest → lib, never back up. lib is what
  // every entry point shares; it must not reach into a background-job SDK layer, the UI or scripts.
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(@/|(\\.\\./)+)(app|components|inngest|scripts|bench|tests)(/|$)', message: 'lib/ is the bottom layer: it must not import app/, components/, inngest/, scripts/, bench/ or tests/ (see docs/architecture.md, Layers).' }] }],
    },
  },
  {
    files: ['inngest/**/*.ts', 'components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(@/|(\\.\\./)+)(app|scripts|bench|tests)(/|$)', message: 'inngest/ and components/ sit below app/: they must not import app/, scripts/, bench/ or tests/ (see docs/architecture.md, Layers).' }] }],
    },
  },
];

export default config;
