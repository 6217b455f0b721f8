import type { ESLint, Rule } from 'eslint';

declare const plugin: ESLint.Plugin & {
  rules: { 'require-org-filter': Rule.RuleModule; 'disable-needs-reason': Rule.RuleModule };
};
export default plugin;
