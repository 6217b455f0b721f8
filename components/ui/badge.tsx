import { cx } from './cx';
import type { Tone } from '@/lib/client/recording-state';

export type { Tone };

const tones: Record<Tone, string> = {
  success: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  info: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  warning: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  danger: 'bg-red-50 text-red-700 ring-red-600/20',
  neutral: 'bg-slate-100 text-slate-700 ring-slate-500/20',
};

const dots: Record<Tone, string> = {
  success: 'bg-emerald-500',
  info: 'bg-sky-500',
  warning: 'bg-amber-500',
  danger: 'bg-red-500',
  neutral: 'bg-slate-400',
};

export function Badge({
  tone = 'neutral',
  dot = false,
  wrap = false,
  className,
  children,
  ...props
}: React.ComponentProps<'span'> & { tone?: Tone; dot?: boolean; wrap?: boolean }) {
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1.5 px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        wrap ? 'rounded-md text-left' : 'rounded-full whitespace-nowrap',
        tones[tone],
        className,
      )}
      {...props}
    >
      {dot && <span aria-hidden="true" className={cx('size-1.5 shrink-0 rounded-full', dots[tone])} />}
      {children}
    </span>
  );
}
