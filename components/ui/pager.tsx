import { Button } from './button';
import { ChevronLeft, ChevronRight } from './icons';

/** Previous/Next for keyset paging. `summary` says where we are ("26–50 of 1,234 calls"). */
export function Pager({
  summary,
  canPrevious,
  canNext,
  onPrevious,
  onNext,
  busy = false,
  label = 'Pagination',
}: {
  summary?: React.ReactNode;
  canPrevious: boolean;
  canNext: boolean;
  onPrevious(): void;
  onNext(): void;
  busy?: boolean;
  label?: string;
}) {
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
      <div aria-live="polite" className="min-w-0 truncate tabular-nums" data-testid="pager-summary">
        {summary}
      </div>
      <div className="flex shrink-0 gap-2">
        <Button size="sm" onClick={onPrevious} disabled={!canPrevious || busy} data-testid="pager-previous">
          <ChevronLeft className="size-4" />
          Previous
        </Button>
        <Button size="sm" onClick={onNext} disabled={!canNext || busy} data-testid="pager-next">
          Next
          <ChevronRight className="size-4" />
        </Button>
      </div>
    </nav>
  );
}
