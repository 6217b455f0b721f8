import { directionLabel, humanize, statusLabel } from '@/lib/client/format';
import { Badge, type Tone } from '../ui/badge';
import { cx } from '../ui/cx';
import { ArrowDownLeft, ArrowUpRight } from '../ui/icons';

const STATUS_TONES: Record<string, Tone> = {
  completed: 'success',
  no_answer: 'warning',
  busy: 'warning',
  failed: 'danger',
  voicemail: 'info',
  in_progress: 'info',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? 'neutral'} dot data-testid="call-status">
      {statusLabel(status)}
    </Badge>
  );
}

const SENTIMENT_TONES: Record<string, Tone> = { positive: 'success', neutral: 'neutral', negative: 'danger' };

export function SentimentBadge({ sentiment }: { sentiment: string | null }) {
  if (!sentiment) return <span className="text-slate-400">—</span>;
  return (
    <Badge tone={SENTIMENT_TONES[sentiment] ?? 'neutral'} data-testid="call-sentiment">
      {humanize(sentiment)}
    </Badge>
  );
}

/** Arrow icon for the direction; the label is for screen readers unless `showLabel`. */
export function DirectionIcon({ direction, showLabel = false, className }: { direction: string; showLabel?: boolean; className?: string }) {
  const inbound = direction === 'inbound';
  const Icon = inbound ? ArrowDownLeft : ArrowUpRight;
  return (
    <span className={cx('inline-flex items-center gap-1.5', className)} title={directionLabel(direction)}>
      <span
        className={cx(
          'flex size-6 shrink-0 items-center justify-center rounded-full',
          inbound ? 'bg-sky-50 text-sky-600' : 'bg-violet-50 text-violet-600',
        )}
      >
        <Icon className="size-3.5" />
      </span>
      <span className={showLabel ? 'text-sm text-slate-700' : 'sr-only'}>{directionLabel(direction)}</span>
    </span>
  );
}
