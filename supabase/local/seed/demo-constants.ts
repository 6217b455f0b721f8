// Fixed identities of the demo data, shared by the seed, the tests and the e2e suite.
export const DEMO_PASSWORD = 'demo-password-123';

export const ORGS = {
  acme: { id: 'a11ce000-0000-4000-8000-000000000001', name: 'Acme Dental', status: 'active', timeZone: 'America/New_York' },
  globex: { id: 'b10be000-0000-4000-8000-000000000002', name: 'Globex Realty', status: 'active', timeZone: 'Europe/Berlin' },
  initech: { id: 'c1ec0000-0000-4000-8000-000000000003', name: 'Initech', status: 'suspended', timeZone: 'UTC' },
} as const;

export type DemoOrgKey = keyof typeof ORGS;

export const USERS = [
  { email: 'admin@acme.test', org: 'acme', role: 'admin' },
  { email: 'staff@acme.test', org: 'acme', role: 'staff' },
  { email: 'admin@globex.test', org: 'globex', role: 'admin' },
  { email: 'staff@globex.test', org: 'globex', role: 'staff' },
  { email: 'staff@initech.test', org: 'initech', role: 'staff' },
] as const;

/** Each org's own line, and a caller that only ever calls Globex (the e2e isolation canary). */
export const NUMBERS = {
  acmeLine: '+14155550100',
  globexLine: '+12125550100',
  globexOnlyCaller: '+12125550199',
} as const;

export const CALLS_PER_ORG = { acme: 320, globex: 260, initech: 40 } as const;
export const RECORDINGS_PER_ORG = 6;
