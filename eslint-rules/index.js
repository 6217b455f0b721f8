// Local ESLint plugin "tenant": guards for tenant isolation. Wired in eslint.config.mjs.
import disableNeedsReason from './disable-needs-reason.js';
import requireOrgFilter from './require-org-filter.js';

const plugin = {
  meta: { name: 'eslint-plugin-tenant', version: '1.0.0' },
  rules: {
    'require-org-filter': requireOrgFilter,
    'disable-needs-reason': disableNeedsReason,
  },
};

export default plugin;
