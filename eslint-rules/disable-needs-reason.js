// tenant/disable-needs-reason: an inline eslint-disable that switches off a tenant/* rule (or every
// rule, which includes them) must say why, after " -- ". The reason is what a reviewer checks.
const DIRECTIVE = /^\s*eslint-disable(?:-next-line|-line)?(?=\s|$)([\s\S]*)$/;
const MIN_REASON = 10;

const disableNeedsReason = {
  meta: {
    type: 'problem',
    docs: { description: 'Disabling a tenant/* rule inline requires a reason after " -- ".' },
    schema: [],
    messages: {
      noReason: 'Disabling {{rules}} needs a reason: `// eslint-disable-next-line {{rules}} -- <why this query may cross orgs>`.',
      blanket: 'A blanket eslint-disable also switches off tenant/require-org-filter: name the rules you disable.',
    },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const m = DIRECTIVE.exec(comment.value);
          if (!m) continue;
          const [list, ...rest] = m[1].split(/\s--\s|\s--$/);
          const reason = rest.join(' -- ').trim();
          const rules = list.split(',').map((r) => r.trim()).filter(Boolean);
          if (rules.length === 0) {
            context.report({ loc: comment.loc, messageId: 'blanket' });
            continue;
          }
          const tenant = rules.filter((r) => r.startsWith('tenant/'));
          if (tenant.length > 0 && reason.length < MIN_REASON) {
            context.report({ loc: comment.loc, messageId: 'noReason', data: { rules: tenant.join(', ') } });
          }
        }
      },
    };
  },
};

export default disableNeedsReason;
