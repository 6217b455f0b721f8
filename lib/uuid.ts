// The one UUID pattern (ids of calls, orgs, users, sessions, access-log entries, object versions):
// canonical text form, any case. No imports, so the app, the jobs and the local stack share it.
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_PATTERN.test(value);
