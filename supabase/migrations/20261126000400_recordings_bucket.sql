-- Private bucket for call recordings, objects at {org_id}/{call_id}.{ext}.
-- Read: admins of the org named by the first path segment. Write: the service role only
-- (it bypasses RLS; no insert/update/delete policy exists for API users).

insert into storage.buckets (id, name, public)
values ('call-recordings', 'call-recordings', false)
on conflict (id) do update set public = false;

create policy call_recordings_select_admin on storage.objects for select to authenticated
  using (
    bucket_id = 'call-recordings'
    and (storage.foldername(name))[1] = (select public.auth_org_id())::text
    and (select public.auth_org_role()) = 'admin'
  );
