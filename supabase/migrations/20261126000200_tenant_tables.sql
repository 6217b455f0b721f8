-- Tenant tables. Every row carries org_id (not null, references organizations) and every index
-- leads on org_id. Cross-table references are composite (org_id, id), so a row can never point at
-- another org's row, whoever writes it.

-- Trigram index on phone digits. Not one of hosted Supabase's default extensions: created here.
create extension if not exists pg_trgm with schema extensions;

create table public.leads (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null,
  phone text,
  email text,
  status text not null default 'new' check (status in ('new', 'contacted', 'qualified', 'lost')),
  created_at timestamptz not null default now(),
  unique (org_id, id)
);
create index leads_org_created_idx on public.leads (org_id, created_at desc);

create table public.campaigns (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null,
  status text not null default 'active' check (status in ('draft', 'active', 'paused', 'completed')),
  created_at timestamptz not null default now(),
  unique (org_id, id)
);
create index campaigns_org_created_idx on public.campaigns (org_id, created_at desc);

create table public.knowledge_base (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  title text not null,
  content text not null default '',
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create index knowledge_base_org_active_idx on public.knowledge_base (org_id, active);

create table public.call_logs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  call_type text not null check (call_type in ('inbound', 'outbound')),
  status text not null check (status in ('completed', 'no_answer', 'busy', 'failed', 'voicemail', 'in_progress')),
  from_number text not null default '',
  to_number text not null default '',
  contact_name text,
  lead_id uuid,
  campaign_id uuid,
  agent_name text,
  started_at timestamptz not null,
  ended_at timestamptz,
  duration_seconds integer not null default 0 check (duration_seconds >= 0),
  ended_reason text,
  cost numeric(10, 4) not null default 0 check (cost >= 0),
  summary text,
  sentiment text check (sentiment in ('positive', 'neutral', 'negative')),
  -- [{ "speaker": "agent" | "customer", "text": "...", "start": seconds, "end": seconds }]
  transcript jsonb not null default '[]'::jsonb check (jsonb_typeof(transcript) = 'array'),
  provider text not null default 'voice',
  provider_call_id text,
  recording_url text,
  recording_storage_path text,
  created_at timestamptz not null default now(),
  -- Full-text search over names, summary and transcript: user text goes through
  -- websearch_to_tsquery, never into a PostgREST filter string.
  search_vector tsvector generated always as (
    to_tsvector(
      'simple'::regconfig,
      coalesce(contact_name, '') || ' ' || coalesce(agent_name, '') || ' ' || coalesce(summary, '') || ' '
        || coalesce(jsonb_path_query_array(transcript, '$[*].text')::text, '')
    )
  ) stored,
  -- Digits of both numbers, for phone search without touching the filter grammar.
  phone_digits text generated always as (
    regexp_replace(from_number, '[^0-9]', '', 'g') || ' ' || regexp_replace(to_number, '[^0-9]', '', 'g')
  ) stored,
  unique (org_id, id),
  unique (org_id, provider, provider_call_id),
  foreign key (org_id, lead_id) references public.leads (org_id, id),
  foreign key (org_id, campaign_id) references public.campaigns (org_id, id)
);
create index call_logs_org_created_idx on public.call_logs (org_id, created_at desc, id desc);
create index call_logs_org_type_created_idx on public.call_logs (org_id, call_type, created_at desc, id desc);
create index call_logs_org_status_idx on public.call_logs (org_id, status);
-- The list sorts by started_at (default), duration or cost, with id as the keyset tie-breaker.
create index call_logs_org_started_idx on public.call_logs (org_id, started_at desc, id desc);
create index call_logs_org_type_started_idx on public.call_logs (org_id, call_type, started_at desc, id desc);
create index call_logs_org_duration_idx on public.call_logs (org_id, duration_seconds desc, id desc);
create index call_logs_org_cost_idx on public.call_logs (org_id, cost desc, id desc);
create index call_logs_org_lead_idx on public.call_logs (org_id, lead_id);
create index call_logs_org_campaign_idx on public.call_logs (org_id, campaign_id);
create index call_logs_search_idx on public.call_logs using gin (search_vector);
create index call_logs_phone_trgm_idx on public.call_logs using gin (phone_digits extensions.gin_trgm_ops);

create table public.recording_upload_queue (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  call_id uuid not null,
  recording_url text not null,
  status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed')),
  attempts integer not null default 0,
  processing_started_at timestamptz,
  lease_expires_at timestamptz,
  lease_token uuid,
  last_error text,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, call_id),
  foreign key (org_id, call_id) references public.call_logs (org_id, id) on delete cascade
);
create index recording_upload_queue_org_status_idx on public.recording_upload_queue (org_id, status, created_at);
create index recording_upload_queue_org_lease_idx on public.recording_upload_queue (org_id, lease_expires_at)
  where status = 'processing';

create table public.failed_recording_uploads (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  call_id uuid not null,
  queue_id uuid references public.recording_upload_queue (id) on delete set null,
  error text not null,
  retry_count integer not null default 0,
  max_retries integer not null default 3,
  next_retry_at timestamptz,
  resolved_at timestamptz,
  dead_lettered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, call_id),
  foreign key (org_id, call_id) references public.call_logs (org_id, id) on delete cascade
);
create index failed_recording_uploads_org_due_idx on public.failed_recording_uploads (org_id, next_retry_at)
  where resolved_at is null and dead_lettered_at is null;

-- Cross-tenant attempts seen by server code. Not readable by any org's users: a row appearing only
-- when a probed id exists elsewhere would itself leak that the id exists.
create table public.security_audit_log (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  actor_user_id uuid,
  event text not null,
  route text not null,
  target_id text,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index security_audit_log_org_created_idx on public.security_audit_log (org_id, created_at desc);

-- Read-access ledger: who opened which call detail or was issued which recording URL.
-- The org's admins can read it; only server code writes it.
create table public.access_log (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  actor_user_id uuid not null,
  actor_email text,
  action text not null check (action in ('call.viewed', 'recording.url_issued')),
  call_id uuid not null,
  created_at timestamptz not null default now()
);
create index access_log_org_created_idx on public.access_log (org_id, created_at desc, id desc);
