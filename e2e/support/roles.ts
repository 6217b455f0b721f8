export const ROLES = [
  { key: 'a-staff', email: 'staff@acme.test' },
  { key: 'a-admin', email: 'admin@acme.test' },
  { key: 'b-staff', email: 'staff@globex.test' },
  { key: 'b-admin', email: 'admin@globex.test' },
] as const;

export type RoleKey = (typeof ROLES)[number]['key'];

export const storageStatePath = (key: RoleKey | 'suspended') => `playwright/.auth/${key}.json`;
