-- Finer planner statistics on call_logs.org_id, so the list's planned count is close to the truth.
-- The list shows an exact count up to 1,000 calls and the planner's estimate above that (PostgREST
-- count=estimated: an exact count is O(org size), 100x+ the page for a large org). With the
-- default statistics target (100) only the ~100 largest orgs get their own frequency; every other
-- org is estimated as the average of the rest, which on 10M calls over 2,000 orgs put an org of
-- 6,000 calls at about 1,900. A target of 1,000 samples 300k rows and keeps up to 1,000 orgs in the
-- most-common-values list (measured in bench/, docs/performance.md).
alter table public.call_logs alter column org_id set statistics 1000;
