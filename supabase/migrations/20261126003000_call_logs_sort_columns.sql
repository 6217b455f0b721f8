-- More sortable list columns: status, agent, and the customer's number (the "From / To" column).
-- Keyset paging needs NOT NULL sort keys, so agent and customer number get generated columns;
-- each sort key has an index leading on org_id with id as the tie-breaker.

alter table public.call_logs
  add column agent_sort text generated always as (coalesce(agent_name, '')) stored,
  add column customer_number text generated always as (
    case when call_type = 'inbound' then from_number else to_number end
  ) stored;

create index call_logs_org_status_id_idx on public.call_logs (org_id, status, id);
create index call_logs_org_agent_idx on public.call_logs (org_id, agent_sort, id);
create index call_logs_org_customer_number_idx on public.call_logs (org_id, customer_number, id);
