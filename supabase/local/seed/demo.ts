// Demo data for local development and tests: three orgs, five users (through the Auth admin API),
// a few hundred calls per org over 60 days with transcripts, leads and campaigns, a handful of real
// recordings in storage, and some pending and failed uploads. Idempotent: a second run changes nothing.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { nodeClientOptions } from '../../../lib/supabase/node-options.ts';
import { renderCallWav } from './audio.ts';
import { seedProviderEndpoints, seedWebhookSecrets } from './webhook-secrets.ts';
import { CALLS_PER_ORG, DEMO_PASSWORD, NUMBERS, ORGS, RECORDINGS_PER_ORG, USERS, type DemoOrgKey } from './demo-constants.ts';

export interface SeedTarget {
  url: string;
  /** The secret key (sb_secret_…) or the legacy service_role JWT. */
  serviceRoleKey: string;
  dbUrl: string;
}

export interface SeedSummary {
  createdUsers: number;
  createdCalls: number;
  uploadedRecordings: number;
}

const BUCKET = 'call-recordings';

export async function seedDemo(target: SeedTarget): Promise<SeedSummary> {
  const admin = createClient(target.url, target.serviceRoleKey, nodeClientOptions);
  const db = new pg.Client({ connectionString: target.dbUrl });
  await db.connect();
  try {
    for (const org of Object.values(ORGS)) {
      await db.query(
        // A new org has no calls yet, so its (empty) rollups are complete in its zone from the start.
        `insert into public.organizations (id, name, status, time_zone, rollups_time_zone) values ($1, $2, $3, $4, $4)
         on conflict (id) do update set name = excluded.name, status = excluded.status`,
        [org.id, org.name, org.status, org.timeZone],
      );
    }
    const createdUsers = await seedUsers(admin);
    let createdCalls = 0;
    let uploadedRecordings = 0;
    for (const key of Object.keys(ORGS) as DemoOrgKey[]) {
      const existing = await db.query('select count(*)::int as n from public.call_logs where org_id = $1', [ORGS[key].id]);
      if (existing.rows[0].n > 0) continue;
      const calls = buildCalls(key);
      createdCalls += await insertCalls(db, key, calls);
      uploadedRecordings += await uploadRecordings(admin, db, key, calls);
      await seedPipelineState(db, key, calls);
    }
    await seedWebhookSecrets(db);
    await seedProviderEndpoints(db);
    return { createdUsers, createdCalls, uploadedRecordings };
  } finally {
    await db.end();
  }
}

async function seedUsers(admin: SupabaseClient): Promise<number> {
  const { data, error } = await admin.auth.admin.listUsers({ page: 1, perPage: 1000 });
  if (error) throw new Error(`listing users failed: ${error.message}`);
  const byEmail = new Map(data.users.map((u) => [u.email, u]));
  let created = 0;
  for (const u of USERS) {
    const app_metadata = { org_id: ORGS[u.org].id, org_role: u.role };
    const existing = byEmail.get(u.email);
    if (!existing) {
      const res = await admin.auth.admin.createUser({ email: u.email, password: DEMO_PASSWORD, email_confirm: true, app_metadata });
      if (res.error) throw new Error(`creating ${u.email} failed: ${res.error.message}`);
      created++;
    } else if (existing.app_metadata.org_id !== app_metadata.org_id || existing.app_metadata.org_role !== app_metadata.org_role) {
      const res = await admin.auth.admin.updateUserById(existing.id, { app_metadata });
      if (res.error) throw new Error(`updating ${u.email} failed: ${res.error.message}`);
    }
  }
  return created;
}

// ------------------------------------------------------------------ call generation

interface Turn {
  speaker: 'agent' | 'customer';
  text: string;
  start: number;
  end: number;
}

interface DemoCall {
  id: string;
  call_type: 'inbound' | 'outbound';
  status: string;
  from_number: string;
  to_number: string;
  contact_name: string;
  lead_index: number | null;
  campaign_index: number | null;
  agent_name: string;
  /** The provider's verdict as text ('true'/'false'), on calls where someone talked. */
  success_evaluation: string | null;
  started_at: Date;
  duration_seconds: number;
  ended_reason: string;
  cost: number;
  summary: string | null;
  sentiment: string | null;
  transcript: Turn[];
  provider_call_id: string;
  recorded: boolean;
}

/** Outbound calls have an agent of their own, so the overview's per-agent breakdown has something to compare. */
const OUTBOUND_AGENTS: Record<DemoOrgKey, string> = { acme: 'Leo (Acme recalls)', globex: 'Rita (Globex outreach)', initech: 'Sam (Initech renewals)' };

const SCRIPTS: Record<DemoOrgKey, { agent: string; topics: { summary: string; turns: [string, string][] }[] }> = {
  acme: {
    agent: 'Ava (Acme front desk)',
    topics: [
      {
        summary: 'Patient booked a cleaning for next Tuesday at 10am.',
        turns: [
          ['Thank you for calling Acme Dental, this is Ava. How can I help?', 'Hi, I would like to book a cleaning.'],
          ['Of course. Does next Tuesday at 10am work for you?', 'Tuesday at ten is perfect.'],
          ['Great, you are booked. We will text you a reminder.', 'Thanks so much, bye.'],
        ],
      },
      {
        summary: 'Caller asked about a toothache; emergency slot offered for today.',
        turns: [
          ['Acme Dental, this is Ava speaking.', 'I have a bad toothache since last night.'],
          ['I am sorry to hear that. We have an emergency slot at 3pm today.', 'Yes please, I will take it.'],
          ['Done. Please arrive ten minutes early.', 'Will do, thank you.'],
        ],
      },
      {
        summary: 'Insurance question about crown coverage; follow-up email promised.',
        turns: [
          ['Hello from Acme Dental. How may I help?', 'Does my insurance cover a crown?'],
          ['It depends on your plan. I can check and email you the details.', 'That would be helpful.'],
          ['I will send it today.', 'Great, thanks.'],
        ],
      },
    ],
  },
  globex: {
    agent: 'Max (Globex leasing)',
    topics: [
      {
        summary: 'Prospect scheduled a viewing of the two-bedroom on Elm Street.',
        turns: [
          ['Globex Realty, Max speaking.', 'Hi, is the two-bedroom on Elm Street still available?'],
          ['It is. Would you like to see it Saturday morning?', 'Saturday at eleven works.'],
          ['Booked. I will send the address and a parking note.', 'Perfect, see you then.'],
        ],
      },
      {
        summary: 'Tenant reported a leaking faucet; maintenance ticket opened.',
        turns: [
          ['Globex Realty maintenance line.', 'My kitchen faucet is leaking.'],
          ['Sorry about that. I have opened a ticket for tomorrow.', 'Thank you.'],
          ['A technician will call before arriving.', 'Sounds good.'],
        ],
      },
      {
        summary: 'Seller asked for a valuation of a downtown condo.',
        turns: [
          ['Hello, this is Max from Globex Realty.', 'I am thinking of selling my condo downtown.'],
          ['We can do a free valuation this week.', 'Thursday afternoon would be best.'],
          ['Thursday at 4pm it is.', 'Thanks Max.'],
        ],
      },
    ],
  },
  initech: {
    agent: 'Iris (Initech support)',
    topics: [
      {
        summary: 'Customer asked about TPS report formatting.',
        turns: [
          ['Initech support, Iris speaking.', 'Which cover sheet goes on the TPS report?'],
          ['The new one, with the updated header.', 'Got it, thanks.'],
          ['Anything else?', 'No, that is all.'],
        ],
      },
    ],
  },
};

const FIRST = ['Maria', 'James', 'Priya', 'Chen', 'Olivia', 'Noah', 'Fatima', 'Lucas', 'Sofia', 'Ethan', 'Amara', 'Diego'];
const LAST = ['Garcia', 'Smith', 'Patel', 'Wong', 'Brown', 'Nguyen', 'Khan', 'Miller', 'Rossi', 'Davis', 'Okafor', 'Lopez'];
const STATUSES = ['completed', 'completed', 'completed', 'completed', 'no_answer', 'busy', 'failed', 'voicemail'];
const ENDED: Record<string, string> = {
  completed: 'customer-ended-call',
  no_answer: 'customer-did-not-answer',
  busy: 'customer-busy',
  failed: 'pipeline-error',
  voicemail: 'voicemail',
};
const SENTIMENTS = ['positive', 'positive', 'neutral', 'negative'];

/** Deterministic PRNG so every machine gets the same demo data. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rand() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function buildCalls(key: DemoOrgKey): DemoCall[] {
  const rand = prng(key === 'acme' ? 101 : key === 'globex' ? 202 : 303);
  const script = SCRIPTS[key];
  const line = key === 'acme' ? NUMBERS.acmeLine : key === 'globex' ? NUMBERS.globexLine : '+15125550100';
  const area = key === 'acme' ? '415' : key === 'globex' ? '212' : '512';
  const now = Date.now();
  const calls: DemoCall[] = [];
  for (let i = 0; i < CALLS_PER_ORG[key]; i++) {
    const call_type = rand() < 0.6 ? 'inbound' : 'outbound';
    // The first recorded calls are completed; the rest are spread over statuses.
    const recorded = i < RECORDINGS_PER_ORG;
    const status = recorded ? 'completed' : STATUSES[Math.floor(rand() * STATUSES.length)];
    let customer = `+1${area}555${String(1000 + Math.floor(rand() * 8999)).padStart(4, '0')}`;
    if (key === 'globex' && i % 25 === 3) customer = NUMBERS.globexOnlyCaller;
    const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`;
    const topic = script.topics[Math.floor(rand() * script.topics.length)];
    const talked = status === 'completed' || status === 'voicemail';
    const duration = recorded ? 18 : talked ? 30 + Math.floor(rand() * 540) : Math.floor(rand() * 25);
    const transcript: Turn[] = [];
    if (talked) {
      const slot = duration / (topic.turns.length * 2);
      topic.turns.forEach(([agent, customerText], t) => {
        const a = t * 2 * slot;
        transcript.push({ speaker: 'agent', text: agent, start: round1(a), end: round1(a + slot * 0.9) });
        transcript.push({ speaker: 'customer', text: customerText, start: round1(a + slot), end: round1(a + slot * 1.9) });
      });
    }
    // Recorded calls are the most recent ones, so they are on the first page of the list.
    const ageMs = recorded ? (i + 1) * 47 * 60_000 : Math.floor(rand() * 60 * 24 * 3600_000);
    const started_at = new Date(now - ageMs);
    calls.push({
      id: uuidFrom(rand),
      call_type,
      status,
      from_number: call_type === 'inbound' ? customer : line,
      to_number: call_type === 'inbound' ? line : customer,
      contact_name: name,
      lead_index: call_type === 'outbound' ? Math.floor(rand() * 20) : null,
      campaign_index: call_type === 'outbound' ? Math.floor(rand() * 3) : null,
      agent_name: call_type === 'inbound' ? script.agent : OUTBOUND_AGENTS[key],
      // Derived from the index (not drawn), so every other seeded value stays as it was: 7 in 10 succeed.
      success_evaluation: talked ? ((i * 7) % 10 < 7 ? 'true' : 'false') : null,
      started_at,
      duration_seconds: duration,
      ended_reason: ENDED[status] ?? 'customer-ended-call',
      cost: Math.round((0.02 + duration * 0.0012 + rand() * 0.05) * 10000) / 10000,
      summary: talked ? topic.summary : null,
      sentiment: talked ? SENTIMENTS[Math.floor(rand() * SENTIMENTS.length)] : null,
      transcript,
      provider_call_id: `demo-${key}-${String(i).padStart(4, '0')}`,
      recorded,
    });
  }
  return calls;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

async function insertCalls(db: pg.Client, key: DemoOrgKey, calls: DemoCall[]): Promise<number> {
  const orgId = ORGS[key].id;
  const rand = prng(key.length * 977);
  await db.query('begin');
  try {
    const leadIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = uuidFrom(rand);
      leadIds.push(id);
      await db.query(
        `insert into public.leads (id, org_id, name, phone, status) values ($1, $2, $3, $4, $5)`,
        [id, orgId, `${FIRST[i % FIRST.length]} ${LAST[(i * 5) % LAST.length]}`, `+1555000${String(i).padStart(4, '0')}`, ['new', 'contacted', 'qualified', 'lost'][i % 4]],
      );
    }
    const campaignNames = key === 'acme' ? ['Recall reminders', 'Whitening promo', 'No-show follow-up'] : ['Open house invites', 'Renewal outreach', 'Seller leads'];
    const campaignIds: string[] = [];
    for (const name of campaignNames) {
      const id = uuidFrom(rand);
      campaignIds.push(id);
      await db.query(`insert into public.campaigns (id, org_id, name) values ($1, $2, $3)`, [id, orgId, name]);
    }
    await db.query(
      `insert into public.knowledge_base (org_id, title, content, active)
       values ($1, 'Opening hours', 'Mon-Fri 8am-6pm', true), ($1, 'Old price list', 'Superseded', false)`,
      [orgId],
    );
    // One multi-row insert through jsonb: set-based, a single round trip.
    const rows = calls.map((c) => ({
      id: c.id,
      org_id: orgId,
      call_type: c.call_type,
      status: c.status,
      from_number: c.from_number,
      to_number: c.to_number,
      contact_name: c.contact_name,
      lead_id: c.lead_index === null ? null : leadIds[c.lead_index],
      campaign_id: c.campaign_index === null ? null : campaignIds[c.campaign_index],
      agent_name: c.agent_name,
      // One assistant per direction, as a provider account usually has (derived, so the seeded
      // randomness and every other value stay as they were).
      assistant_id: `asst_${key}_${c.call_type}`,
      started_at: c.started_at.toISOString(),
      ended_at: new Date(c.started_at.getTime() + c.duration_seconds * 1000).toISOString(),
      duration_seconds: c.duration_seconds,
      ended_reason: c.ended_reason,
      cost: c.cost,
      summary: c.summary,
      sentiment: c.sentiment,
      success_evaluation: c.success_evaluation,
      transcript: c.transcript,
      provider: 'voice',
      provider_call_id: c.provider_call_id,
      recording_url: c.status === 'completed' ? `https://recordings.voice-provider.example/${c.provider_call_id}.wav` : null,
      created_at: c.started_at.toISOString(),
    }));
    const cols = Object.keys(rows[0]).join(', ');
    await db.query(
      `insert into public.call_logs (${cols})
       select ${cols} from jsonb_populate_recordset(null::public.call_logs, $1::jsonb)`,
      [JSON.stringify(rows)],
    );
    await db.query('commit');
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
  return calls.length;
}

async function uploadRecordings(admin: SupabaseClient, db: pg.Client, key: DemoOrgKey, calls: DemoCall[]): Promise<number> {
  const orgId = ORGS[key].id;
  let n = 0;
  for (const call of calls.filter((c) => c.recorded)) {
    const path = `${orgId}/${call.id}.wav`;
    const wav = renderCallWav(call.transcript, call.duration_seconds, n + 7);
    const { error } = await admin.storage.from(BUCKET).upload(path, wav, { contentType: 'audio/wav', upsert: true });
    if (error) throw new Error(`uploading demo recording ${path} failed: ${error.message}`);
    await db.query('update public.call_logs set recording_storage_path = $1 where org_id = $2 and id = $3', [path, orgId, call.id]);
    n++;
  }
  return n;
}

/** Some calls wait in the upload queue, some failed once or twice, one is dead-lettered. */
async function seedPipelineState(db: pg.Client, key: DemoOrgKey, calls: DemoCall[]) {
  const orgId = ORGS[key].id;
  const candidates = calls.filter((c) => !c.recorded && c.status === 'completed').slice(0, 8);
  const now = Date.now();
  for (const [i, c] of candidates.entries()) {
    const url = `https://recordings.voice-provider.example/${c.provider_call_id}.wav`;
    if (i < 4) {
      await db.query(
        `insert into public.recording_upload_queue (org_id, call_id, recording_url, status, created_at)
         values ($1, $2, $3, 'pending', $4)`,
        [orgId, c.id, url, new Date(now - i * 60_000)],
      );
    } else {
      const retries = i - 4; // 0, 1, 2, 3 -> the last one is dead-lettered
      const q = await db.query<{ id: string }>(
        `insert into public.recording_upload_queue (org_id, call_id, recording_url, status, attempts, last_error)
         values ($1, $2, $3, 'failed', 1, 'download_http_error') returning id`,
        [orgId, c.id, url],
      );
      await db.query(
        `insert into public.failed_recording_uploads
           (org_id, call_id, queue_id, error, retry_count, next_retry_at, dead_lettered_at)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [
          orgId,
          c.id,
          q.rows[0].id,
          'download_http_error',
          retries,
          retries === 3 ? null : new Date(now + (retries + 1) * 15 * 60_000),
          retries === 3 ? new Date(now - 3600_000) : null,
        ],
      );
    }
  }
}
