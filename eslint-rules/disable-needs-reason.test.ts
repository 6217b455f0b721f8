// tenant/disable-needs-reason (RuleTester), and the whole plugin as wired in eslint.config.mjs:
// an escape with a reason silences the tenant rule, one without a reason is itself an error, and
// test files are not checked.
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';

RuleTester.describe = describe;
RuleTester.it = it;

// The plugin is registered so that directives naming tenant/* rules refer to known rules.
const tester = new RuleTester({
  plugins: { tenant: plugin },
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});

tester.run('tenant/disable-needs-reason', plugin.rules['disable-needs-reason'], {
  valid: [
    `// eslint-disable-next-line tenant/require-org-filter -- detecting ids that belong to another org\nx();`,
    `/* eslint-disable-next-line tenant/require-org-filter -- the webhook's org is the owner of the verifying secret */\nx();`,
    `x(); // eslint-disable-line tenant/require-org-filter -- platform-wide sweep over all orgs, by design`,
    `// eslint-disable-next-line no-console\nx();`,
    `// a comment that mentions eslint-disable-next-line in passing is not a directive\nx();`,
  ],
  invalid: [
    { code: `// eslint-disable-next-line tenant/require-org-filter\nx();`, errors: [{ messageId: 'noReason' }] },
    { code: `// eslint-disable-next-line tenant/require-org-filter -- ok\nx();`, errors: [{ messageId: 'noReason' }] },
    { code: `x(); // eslint-disable-line no-console, tenant/require-org-filter`, errors: [{ messageId: 'noReason' }] },
    { code: `/* eslint-disable tenant/require-org-filter */\nx();`, errors: [{ messageId: 'noReason' }] },
    { code: `// eslint-disable-next-line\nx();`, errors: [{ messageId: 'blanket' }] },
    { code: `// eslint-disable-next-line -- trust me, this is fine\nx();`, errors: [{ messageId: 'blanket' }] },
  ],
});

describe('the tenant plugin as configured in eslint.config.mjs', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const eslint = new ESLint({ cwd: root });
  const lint = async (code: string, file: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result.messages.map((m) => m.ruleId);
  };
  const query = (comment: string) => `
import type { SupabaseClient } from '@supabase/supabase-js';
export async function lookup(admin: SupabaseClient, id: string) {
  return admin
    ${comment}
    .from('call_logs')
    .select('org_id')
    .eq('id', id);
}
`;

  it('flags an unscoped query in app and lib code', async () => {
    expect(await lint(query(''), 'lib/data/example.ts')).toContain('tenant/require-org-filter');
    expect(await lint(query(''), 'app/api/example/route.ts')).toContain('tenant/require-org-filter');
    expect(await lint(query(''), 'lib/recordings/example-job.ts')).toContain('tenant/require-org-filter');
  });

  it('accepts a disable comment with a reason', async () => {
    const ids = await lint(
      query('// eslint-disable-next-line tenant/require-org-filter -- detecting ids that belong to another org'),
      'lib/data/example.ts',
    );
    expect(ids.filter((id) => id?.startsWith('tenant/'))).toEqual([]);
  });

  it('rejects a disable comment without a reason', async () => {
    const ids = await lint(query('// eslint-disable-next-line tenant/require-org-filter'), 'lib/data/example.ts');
    expect(ids).toContain('tenant/disable-needs-reason');
  });

  it('does not check tests (they cross orgs on purpose)', async () => {
    expect(await lint(query(''), 'tests/integration/example.test.ts')).not.toContain('tenant/require-org-filter');
  });
}, 60_000);
