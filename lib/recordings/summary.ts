// Counts of a job run over items, small enough to be an Inngest step result.
import type { ItemOutcome } from './process-item';

export interface RunSummary {
  orgId: string;
  claimed: number;
  completed: number;
  failed: number;
  deadLettered: number;
  leaseLost: number;
}

export function summarize(orgId: string, outcomes: ItemOutcome[]): RunSummary {
  return {
    orgId,
    claimed: outcomes.length,
    completed: outcomes.filter((o) => o.outcome === 'completed').length,
    failed: outcomes.filter((o) => o.outcome === 'failed').length,
    deadLettered: outcomes.filter((o) => o.outcome === 'failed' && o.deadLettered).length,
    leaseLost: outcomes.filter((o) => o.outcome === 'lease_lost').length,
  };
}
