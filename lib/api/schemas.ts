// Input schemas of the API. Strict: an unknown parameter is a 400, not silently ignored.
import { z } from 'zod';
import {
  BOOLEAN_FILTERS,
  CALL_STATUSES,
  COST_FILTER_PATTERN,
  DIRECTION_FILTERS,
  DURATION_FILTER_PATTERN,
  LOCAL_DATE_PATTERN,
  MAX_COST_FILTER,
  MAX_DURATION_FILTER,
  MAX_PAGE_SIZE,
  MAX_ROTATION_OVERLAP_HOURS,
  OVERVIEW_MAX_DAYS,
  RETENTION_MAX_DAYS,
  ROLES,
  SENTIMENTS,
  SORT_KEYS,
  SORT_ORDERS,
  WEBHOOK_PROVIDERS,
} from '@/lib/api/contract';
import { UUID_PATTERN } from '@/lib/uuid';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a real date');

/** Whole seconds, as digits only (a coerced number would turn '' into 0). */
const seconds = z
  .string()
  .regex(DURATION_FILTER_PATTERN, 'expected whole seconds')
  .transform(Number)
  .refine((n) => n <= MAX_DURATION_FILTER, `at most ${MAX_DURATION_FILTER} seconds`);
/** An amount with at most 4 decimals (the column's scale), kept as text so no float rounding reaches the filter. */
const amount = z
  .string()
  .regex(COST_FILTER_PATTERN, 'expected an amount like 1.25')
  .refine((s) => Number(s) <= MAX_COST_FILTER, `at most ${MAX_COST_FILTER}`);
const yesNo = z.enum(BOOLEAN_FILTERS).transform((v) => v === 'true');

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).max(10)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

/** The list's query parameters; the export (below) takes the same ones except cursor and limit. */
const listCallsFields = z.strictObject({
  direction: z.enum(DIRECTION_FILTERS).default('all'),
  status: oneOrMany(z.enum(CALL_STATUSES)).optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().max(200, 'search text is limited to 200 characters').optional(),
  // Exact matches on the provider's assistant id and ended reason (values, never filter grammar).
  assistant: z.string().trim().min(1).max(200, 'assistant is limited to 200 characters').optional(),
  ended_reason: z.string().trim().min(1).max(200, 'ended_reason is limited to 200 characters').optional(),
  // List columns too (issue 15); success is the derived pass/fail verdict (docs/security.md).
  sentiment: oneOrMany(z.enum(SENTIMENTS)).optional(),
  success: yesNo.optional(),
  has_recording: yesNo.optional(),
  min_duration: seconds.optional(),
  max_duration: seconds.optional(),
  min_cost: amount.optional(),
  max_cost: amount.optional(),
  sort: z.enum(SORT_KEYS).default('started_at'),
  order: z.enum(SORT_ORDERS).default('desc'),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
});
type ListCallsFields = Omit<z.infer<typeof listCallsFields>, 'cursor' | 'limit'> & { cursor?: string; limit?: number };

function checkRanges(v: ListCallsFields, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', message: '"from" must not be after "to"', path: ['from'] });
  if (v.min_duration !== undefined && v.max_duration !== undefined && v.min_duration > v.max_duration) {
    ctx.addIssue({ code: 'custom', message: '"min_duration" must not be above "max_duration"', path: ['min_duration'] });
  }
  if (v.min_cost !== undefined && v.max_cost !== undefined && Number(v.min_cost) > Number(v.max_cost)) {
    ctx.addIssue({ code: 'custom', message: '"min_cost" must not be above "max_cost"', path: ['min_cost'] });
  }
}

function toListInput(v: ListCallsFields) {
  return {
    direction: v.direction,
    statuses: [...new Set(v.status ?? [])],
    startedFrom: v.from ? `${v.from}T00:00:00.000Z` : undefined,
    // "to" is inclusive for people; the query takes the next midnight as an exclusive bound.
    startedBefore: v.to ? new Date(Date.parse(`${v.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined,
    q: v.q?.trim() || undefined,
    assistantId: v.assistant,
    endedReason: v.ended_reason,
    sentiments: [...new Set(v.sentiment ?? [])],
    succeeded: v.success,
    hasRecording: v.has_recording,
    minDuration: v.min_duration,
    maxDuration: v.max_duration,
    minCost: v.min_cost,
    maxCost: v.max_cost,
    sort: v.sort,
    order: v.order,
    cursor: v.cursor,
    limit: v.limit ?? 25,
  };
}

export const listCallsQuery = listCallsFields.superRefine(checkRanges).transform(toListInput);

/** GET /api/calls-dashboard/export: the list's filter and sort; every row, so no cursor and no limit. */
export const exportCallsQuery = listCallsFields
  .omit({ cursor: true, limit: true })
  .superRefine(checkRanges)
  .transform((v) => ({ ...toListInput(v), cursor: undefined }));

export const callIdParams = z.strictObject({
  callId: z.string().regex(UUID_PATTERN, 'not a valid call id').transform((s) => s.toLowerCase()),
});

export const noQuery = z.strictObject({});

export const accessLogQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

// ---------------------------------------------------------------- org administration
export const userIdParams = z.strictObject({
  userId: z.string().regex(UUID_PATTERN, 'not a valid user id').transform((s) => s.toLowerCase()),
});

export const invitationIdParams = z.strictObject({
  invitationId: z.string().regex(UUID_PATTERN, 'not a valid invitation id').transform((s) => s.toLowerCase()),
});

/** An invitation token: 32 random bytes as hex (create_org_invitation()). */
export const invitationTokenParams = z.strictObject({
  token: z.string().regex(/^[0-9a-f]{64}$/, 'This invitation link is not valid.'),
});

export const createInvitationBody = z.strictObject({
  email: z.string().trim().min(3, 'Enter an email address.').max(254, 'The email address is too long.'),
  role: z.enum(ROLES),
  /** mail: Supabase Auth mails the invitee; link: the admin is shown the link. Default: the deployment's. */
  delivery: z.enum(['mail', 'link']).optional(),
});

export const memberRoleBody = z.strictObject({ role: z.enum(ROLES) });

export const acceptInvitationBody = z.strictObject({
  /** Required when the invitee has no session: the password of the account the accept creates. */
  password: z.string().min(8, 'Choose a password of at least 8 characters.').max(72, 'Passwords are limited to 72 characters.').optional(),
});

// ------------------------------------------------------------------ settings
const uuid = z.string().regex(UUID_PATTERN, 'expected a uuid').transform((s) => s.toLowerCase());

/** Rotate (or create) the signing secret: how long the current one stays valid (0 = retire now). */
export const rotateSecretBody = z.strictObject({
  overlapHours: z.number().int().min(0).max(MAX_ROTATION_OVERLAP_HOURS),
});

export const retireSecretBody = z.strictObject({ secretId: uuid });

/** Create or rotate the org's Vapi secret (made in the database): how long the old one stays valid. */
export const rotateVapiSecretBody = rotateSecretBody;

/** The org's Retell API key, pasted by the admin (write-only), and how long the old one stays valid. */
export const setRetellKeyBody = z.strictObject({
  apiKey: z
    .string()
    .trim()
    .regex(/^[!-~]{24,512}$/, 'A Retell API key is 24 to 512 printable characters without spaces.'),
  overlapHours: z.number().int().min(0).max(MAX_ROTATION_OVERLAP_HOURS),
});

export const retireProviderCredentialBody = z.strictObject({ endpointId: uuid });

export const webhookTestBody = z.strictObject({ provider: z.enum(WEBHOOK_PROVIDERS) });

/** One dead letter by id, or every dead letter of the org when absent. */
export const requeueBody = z.strictObject({ deadLetterId: uuid.optional() });

// ---------------------------------------------------------------- retention (issue 16)
const retentionDays = z.number().int().min(1).max(RETENTION_MAX_DAYS).nullable();

/** PUT /api/retention: all three limits, each whole days or null (keep); the record goes last. */
export const retentionBody = z
  .strictObject({ recordingDays: retentionDays, transcriptDays: retentionDays, metadataDays: retentionDays })
  .refine(
    (v) => v.metadataDays === null || (v.recordingDays !== null && v.transcriptDays !== null && v.metadataDays >= v.recordingDays && v.metadataDays >= v.transcriptDays),
    { message: 'call records can only be deleted after recordings and transcripts (set both, at most as many days)', path: ['metadataDays'] },
  );

export const legalHoldBody = z.strictObject({ held: z.boolean() });

export const erasureReceiptsQuery = accessLogQuery;

// ---------------------------------------------------------------- overview (issue 15)
/** A real calendar date as YYYY-MM-DD (2026-02-30 is refused, not rolled over into March). */
const localDate = z
  .string()
  .regex(LOCAL_DATE_PATTERN, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real date');
const dayNumber = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;

/**
 * GET /api/overview: local days of the org's zone, inclusive. Missing bounds default in the
 * database (the 30 local days ending today in the org's zone, which only it knows); the database
 * checks the defaulted period again.
 */
export const overviewQuery = z
  .strictObject({
    from: localDate.optional(),
    to: localDate.optional(),
    direction: z.enum(DIRECTION_FILTERS).default('all'),
  })
  .superRefine((v, ctx) => {
    if (!v.from || !v.to) return;
    if (v.from > v.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${v.from}) is after to (${v.to})` });
    else if (dayNumber(v.to) - dayNumber(v.from) + 1 > OVERVIEW_MAX_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the period is limited to ${OVERVIEW_MAX_DAYS} days` });
  });

/** PUT /api/settings/time-zone: an IANA region name or UTC; whether it exists is the database's check. */
export const timeZoneBody = z.strictObject({ timeZone: z.string().trim().min(1, 'timeZone is required').max(64, 'timeZone is limited to 64 characters') });
