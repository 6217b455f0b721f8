import { cx } from './cx';

/** A centred message for empty, error and access states: icon, title, text, actions. */
export function StateView({
  icon,
  title,
  children,
  actions,
  tone = 'neutral',
  className,
  testId,
  role,
}: {
  icon?: React.ReactNode;
  title: string;
  children?: React.ReactNode;
  actions?: React.ReactNode;
  tone?: 'neutral' | 'danger' | 'warning';
  className?: string;
  testId?: string;
  role?: 'alert' | 'status';
}) {
  const iconTone = tone === 'danger' ? 'bg-red-50 text-red-600' : tone === 'warning' ? 'bg-amber-50 text-amber-600' : 'bg-slate-100 text-slate-500';
  return (
    <div data-testid={testId} role={role} className={cx('mx-auto flex max-w-md flex-col items-center px-6 py-14 text-center', className)}>
      {icon && <div className={cx('mb-4 flex size-12 items-center justify-center rounded-full', iconTone)}>{icon}</div>}
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children && <div className="mt-1.5 text-sm text-pretty text-slate-600">{children}</div>}
      {actions && <div className="mt-5 flex flex-wrap items-center justify-center gap-2">{actions}</div>}
    </div>
  );
}
