'use client';
// Full-width views for the states a page can end in besides "here is your data".
import { ApiError } from '@/lib/client/api-error';
import { Button, ButtonLink } from './ui/button';
import { AlertTriangle, Ban, Building, FileSearch, Lock, Refresh } from './ui/icons';
import { StateView } from './ui/state-view';

export function NotFoundView({ backHref = '/calls', backLabel = 'Back to calls', title = 'Call not found' }: { backHref?: string; backLabel?: string; title?: string }) {
  // The same words whether the id is random or belongs to another organization: we do not say which.
  return (
    <StateView
      testId="not-found"
      icon={<FileSearch className="size-6" />}
      title={title}
      actions={<ButtonLink href={backHref}>{backLabel}</ButtonLink>}
    >
      It may have been removed, or the link is wrong.
    </StateView>
  );
}

export function ForbiddenView({ title = 'Only admins can open this page', backHref = '/calls' }: { title?: string; backHref?: string }) {
  return (
    <StateView
      testId="forbidden"
      icon={<Lock className="size-6" />}
      title={title}
      tone="warning"
      actions={<ButtonLink href={backHref}>Back to calls</ButtonLink>}
    >
      Ask an admin of your organization if you need access.
    </StateView>
  );
}

export function SuspendedView({ orgHint, onSignOut }: { orgHint?: string; onSignOut(): void }) {
  return (
    <StateView
      testId="suspended"
      icon={<Ban className="size-6" />}
      title="Organization suspended"
      tone="danger"
      actions={<Button onClick={onSignOut}>Sign out</Button>}
    >
      {orgHint ?? 'Your organization'}’s access to the call dashboard is suspended. Contact your account manager to restore it.
    </StateView>
  );
}

export function NoOrganizationView({ onSignOut }: { onSignOut(): void }) {
  return (
    <StateView
      testId="no-organization"
      icon={<Building className="size-6" />}
      title="No organization"
      tone="warning"
      actions={<Button onClick={onSignOut}>Sign out</Button>}
    >
      Your account is not a member of any organization: an admin removed you, or you have not joined one yet. Ask an admin of your organization for an invitation link.
    </StateView>
  );
}

/** Something went wrong that retrying may fix; says what in plain words. */
export function ErrorView({
  error,
  onRetry,
  title = 'Could not load this',
  actions,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  actions?: React.ReactNode;
}) {
  const message =
    error instanceof ApiError
      ? error.message
      : 'Something unexpected happened. Try again, and reload the page if it keeps happening.';
  return (
    <StateView
      testId="error-state"
      role="alert"
      icon={<AlertTriangle className="size-6" />}
      title={error instanceof ApiError && error.code === 'network_error' ? 'You appear to be offline' : title}
      tone="danger"
      actions={
        <>
          {onRetry && (
            <Button onClick={onRetry} variant="primary">
              <Refresh className="size-4" />
              Retry
            </Button>
          )}
          {actions}
        </>
      }
    >
      {message}
    </StateView>
  );
}
