-- Local-only bootstrap: what a NEW hosted Supabase project provides before any project migration
-- runs, and no more. Never part of supabase/migrations: on hosted Supabase all of this already exists.
-- Runs as the cluster superuser `supabase_admin` (as on hosted, `postgres` is not a superuser).
-- Idempotent: safe to run on every start. Where each fact comes from: docs/architecture.md,
-- "What the local database reproduces of hosted Supabase". Where unsure, this is stricter than hosted.
-- The caller sets the login passwords afterwards (supabase/local/migrate.ts).

-- ---------------------------------------------------------------- roles
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) or current_user = 'postgres' then
    raise exception 'bootstrap.sql must run as the cluster superuser (supabase_admin), not %', current_user;
  end if;
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'postgres') then
    create role postgres login;
  end if;
  if not exists (select from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'supabase_storage_admin') then
    create role supabase_storage_admin login noinherit;
  end if;
end
$$;

-- The role migrations and the dashboard run as: no superuser (supabase/postgres "demote-postgres").
alter role postgres nosuperuser createdb createrole login replication bypassrls;
alter role supabase_auth_admin nosuperuser nocreaterole nocreatedb;
alter role supabase_storage_admin nosuperuser nocreaterole nocreatedb;
alter role anon nosuperuser nologin noinherit nobypassrls;
alter role authenticated nosuperuser nologin noinherit nobypassrls;
alter role service_role nosuperuser nologin noinherit bypassrls;
alter role authenticator nosuperuser login noinherit nobypassrls;

-- PostgREST logs in as authenticator and switches to the role named by the verified JWT.
grant anon, authenticated, service_role to authenticator;
-- postgres may act as the API roles (and, on Postgres 16+, grant them).
grant anon, authenticated, service_role to postgres with admin option;
-- postgres may set PostgREST's in-database configuration on authenticator (`alter role authenticator
-- set pgrst.…`, as hosted's supautils allows it), but may not become authenticator.
grant authenticator to postgres with admin true, inherit false, set false;
grant set on parameter pgrst.db_pre_request to postgres;
-- Storage runs each request as the caller's role, as the hosted Storage server does.
grant anon, authenticated, service_role to supabase_storage_admin;

-- Hosted per-role timeouts (supabase/postgres initial schema and set_authenticator_timeout).
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role postgres set search_path = "$user", public, extensions;
alter role supabase_auth_admin set search_path = auth;
alter role supabase_storage_admin set search_path = storage;

-- ---------------------------------------------------------------- database and public schema
do $$
begin
  execute format('grant all on database %I to postgres', current_database());
  execute format('grant connect, create, temporary on database %I to supabase_auth_admin, supabase_storage_admin', current_database());
end
$$;
grant usage, create on schema public to postgres;
grant usage on schema public to anon, authenticated, service_role;
-- No default privileges for the API roles: since 2026-10-30 a new hosted project grants nothing on
-- new public tables, sequences or functions to anon/authenticated/service_role; migrations grant
-- explicitly. (Postgres's own default, EXECUTE on new functions to PUBLIC, is left as it is there.)
-- Clear what an older local bootstrap granted:
alter default privileges for role postgres in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public revoke all on functions from anon, authenticated, service_role;

-- ---------------------------------------------------------------- extensions
-- The hosted defaults only (supabase/postgres initial schema): anything else a migration creates
-- `with schema extensions`, as postgres, so only trusted extensions are possible (stricter than hosted,
-- whose supautils lets postgres create some untrusted ones).
create schema if not exists extensions authorization supabase_admin;
grant usage on schema extensions to postgres, anon, authenticated, service_role, supabase_auth_admin, supabase_storage_admin;
grant all on schema extensions to postgres;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_stat_statements with schema extensions;

-- ---------------------------------------------------------------- auth (owned by supabase_auth_admin)
create schema if not exists auth authorization supabase_admin;
grant usage on schema auth to postgres, anon, authenticated, service_role;
grant all on schema auth to supabase_auth_admin;
revoke create on schema auth from postgres;

set role supabase_auth_admin;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255) default 'authenticated',
  role varchar(255) default 'authenticated',
  email varchar(255) unique,
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  is_super_admin boolean,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  phone text unique,
  banned_until timestamptz,
  is_anonymous boolean not null default false,
  deleted_at timestamptz
);

create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  aal text not null default 'aal1',
  not_after timestamptz,
  user_agent text,
  ip inet
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

create table if not exists auth.refresh_tokens (
  id bigserial primary key,
  token varchar(255) not null unique,
  user_id uuid not null references auth.users (id) on delete cascade,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  revoked boolean not null default false,
  parent varchar(255),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists refresh_tokens_session_id_idx on auth.refresh_tokens (session_id);

-- Failed sign-in counters per account and per client IP, a fixed window each (local auth only).
-- One row per key so a reservation is one atomic upsert (supabase/local/auth/rate-limit.ts).
drop table if exists auth.sign_in_attempts;
create table if not exists auth.sign_in_limits (
  key text primary key,
  failures integer not null,
  window_start timestamptz not null default now()
);

-- Columns and tables of supabase/auth's schema that the local Auth server also uses.
-- Sign-in looks emails up case-insensitively, as upstream does.
create index if not exists users_email_lower_idx on auth.users (lower(email));
-- A pending email change (PUT /user {email}); upstream waits for a confirmation link.
alter table auth.users add column if not exists email_change varchar(255) default '';
alter table auth.users add column if not exists email_change_sent_at timestamptz;
alter table auth.sessions add column if not exists refreshed_at timestamp;
-- How each session was authenticated: the access token's `amr` claim, kept across refreshes.
create table if not exists auth.mfa_amr_claims (
  id uuid primary key,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  authentication_method text not null,
  unique (session_id, authentication_method)
);

-- Email links (invite, magic link): when the invitation went out, and the one-time tokens, as in
-- supabase/auth's schema (upstream's token_type is an enum; text with the same values here).
alter table auth.users add column if not exists invited_at timestamptz;
alter table auth.users add column if not exists confirmation_sent_at timestamptz;
create table if not exists auth.one_time_tokens (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  token_type text not null check (token_type in ('confirmation_token', 'recovery_token')),
  token_hash text not null check (length(token_hash) > 0),
  relates_to text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, token_type)
);
create index if not exists one_time_tokens_token_hash_idx on auth.one_time_tokens (token_hash);
-- Local only (hosted Supabase sends the mail; the Supabase CLI keeps it in Inbucket/Mailpit): every
-- mail the local Auth server "sends", so tests and a local walk-through can read it and follow the link.
create table if not exists auth.local_mailbox (
  id bigserial primary key,
  recipient text not null,
  kind text not null,
  subject text not null,
  link text not null,
  token_hash text not null,
  otp text not null,
  redirect_to text,
  sent_at timestamptz not null default now()
);

-- The same definitions as supabase/auth's migrations.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to postgres, anon, authenticated, service_role;
-- The dashboard role reads and edits users (supabase/postgres "demote-postgres"); API roles get nothing.
grant all on all tables in schema auth to postgres;
grant all on all sequences in schema auth to postgres;

reset role;

-- ---------------------------------------------------------------- storage (owned by supabase_storage_admin)
create schema if not exists storage authorization supabase_admin;
grant usage on schema storage to postgres, anon, authenticated, service_role;
grant all on schema storage to supabase_storage_admin;
revoke create on schema storage from postgres;

set role supabase_storage_admin;

create table if not exists storage.buckets (
  id text primary key,
  name text not null unique,
  owner uuid,
  owner_id text,
  public boolean not null default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text not null references storage.buckets (id),
  name text not null,
  owner uuid,
  owner_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_accessed_at timestamptz not null default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  user_metadata jsonb,
  unique (bucket_id, name)
);
create index if not exists objects_bucket_prefix_idx on storage.objects (bucket_id, name text_pattern_ops);

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
-- As on hosted (storage schema's default privileges): the API roles hold table privileges, RLS decides.
grant all on storage.buckets, storage.objects to postgres, anon, authenticated, service_role;

create or replace function storage.foldername(name text) returns text[]
language plpgsql immutable
as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[1 : array_length(_parts, 1) - 1];
end
$$;

create or replace function storage.filename(name text) returns text
language plpgsql immutable
as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[array_length(_parts, 1)];
end
$$;

create or replace function storage.extension(name text) returns text
language plpgsql immutable
as $$
declare
  _filename text;
begin
  select storage.filename(name) into _filename;
  return reverse(split_part(reverse(_filename), '.', 1));
end
$$;

grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text)
  to postgres, anon, authenticated, service_role;

reset role;

-- ---------------------------------------------------------------- policies on platform tables
-- Hosted lets postgres create policies on storage.objects without owning it (supautils'
-- policy_grants). Locally: membership in the storage owner role, so CREATE POLICY works, and an
-- event trigger that refuses every other DDL by a postgres session on auth and storage objects, so
-- a migration that would alter, drop or re-own them fails here as it fails there. No membership in
-- supabase_auth_admin (hosted revoked it): postgres holds table privileges on auth.* without grant
-- option, so it cannot grant them on.
grant supabase_storage_admin to postgres;
revoke supabase_auth_admin from postgres;

create schema if not exists _local authorization supabase_admin;
revoke all on schema _local from public;

create or replace function _local.refuse_platform_ddl() returns event_trigger
language plpgsql
set search_path = ''
as $$
declare
  r record;
begin
  if session_user <> 'postgres' then
    return;
  end if;
  if tg_event = 'sql_drop' then
    for r in select * from pg_event_trigger_dropped_objects() loop
      if r.schema_name in ('auth', 'storage', 'extensions') and r.object_type <> 'policy' then
        raise exception 'permission denied: postgres may not drop % % (it does not own the % schema on hosted Supabase)',
          r.object_type, r.object_identity, r.schema_name using errcode = '42501';
      end if;
    end loop;
    return;
  end if;
  for r in select * from pg_event_trigger_ddl_commands() loop
    if r.schema_name in ('auth', 'storage')
       and r.command_tag not in ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'GRANT', 'REVOKE', 'COMMENT') then
      raise exception 'permission denied: % on % (postgres does not own the % schema on hosted Supabase)',
        r.command_tag, r.object_identity, r.schema_name using errcode = '42501';
    end if;
  end loop;
end
$$;

do $$
begin
  if not exists (select from pg_event_trigger where evtname = 'local_refuse_platform_ddl') then
    create event trigger local_refuse_platform_ddl on ddl_command_end execute function _local.refuse_platform_ddl();
  end if;
  if not exists (select from pg_event_trigger where evtname = 'local_refuse_platform_drop') then
    create event trigger local_refuse_platform_drop on sql_drop execute function _local.refuse_platform_ddl();
  end if;
end
$$;
