-- Richer list filters (issue 15): sentiment, success, duration and cost ranges, has recording.
-- Sentiment, duration, cost and has_recording are list columns already (staff read them). The
-- provider's success evaluation is free text ("true", "Pass", "8", a rubric's reasoning) and stays a
-- detail column; what the list and the overview need is only its pass/fail verdict, an outcome of
-- the same kind as status and ended reason. `succeeded` derives that verdict (true / false, null when
-- the text is no pass/fail answer, e.g. a numeric score) and is granted as a list column; the text
-- itself stays ungranted. Erasing a call's content clears success_evaluation, and the verdict with it.
alter table public.call_logs
  add column succeeded boolean generated always as (
    case
      when lower(btrim(success_evaluation)) in ('true', 'pass', 'passed', 'yes', 'success', 'successful') then true
      when lower(btrim(success_evaluation)) in ('false', 'fail', 'failed', 'no', 'unsuccessful') then false
    end
  ) stored;

grant select (succeeded) on public.call_logs to authenticated;
