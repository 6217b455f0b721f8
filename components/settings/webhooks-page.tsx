'use client';
// Settings → Webhooks: the org's URL per provider, its Standard Webhooks signing secret (created and
// rotated here, shown once), the Vapi secret and Retell API key (provider-credentials.tsx), a "send
// test event" button per provider and the last deliveries.
// The new secret lives only in this component's state: it is never put in the query cache, and
// dismissing the panel forgets it (the server cannot show it again).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { hasErrorCode } from '@/lib/client/api-error';
import type { RotateSecretResponse, WebhookDelivery, WebhookEndpoint, WebhookProvider, WebhookSecretInfo } from '@/lib/client/api-types';
import { formatDateTime, humanize } from '@/lib/client/format';
import { settingsActions, webhookSettingsQuery } from '@/lib/client/queries';
import { ErrorView, ForbiddenView } from '../access-views';
import { useMe } from '../me-context';
import { Badge, type Tone } from '../ui/badge';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Refresh, Shield } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';
import { StateView } from '../ui/state-view';
import { ProviderCredentials } from './provider-credentials';
import { card, CopyButton, OverlapSelect, sectionTitle } from './webhook-controls';

const PROVIDER_LABEL: Record<WebhookProvider, string> = { standard: 'Standard Webhooks', vapi: 'Vapi', retell: 'Retell' };
const PROVIDER_HELP: Record<WebhookProvider, string> = {
  standard: 'Any sender that signs with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) and the secret below.',
  vapi: 'Set as the Server URL of your Vapi assistant or phone number, with the secret below as its credential.',
  retell: 'Set as the webhook URL of your Retell agent; Retell signs deliveries with your API key, which you paste below.',
};

const OUTCOME: Record<WebhookDelivery['outcome'], { label: string; tone: Tone }> = {
  accepted: { label: 'Accepted', tone: 'success' },
  duplicate: { label: 'Duplicate', tone: 'neutral' },
  ignored: { label: 'Ignored', tone: 'neutral' },
  test: { label: 'Test', tone: 'info' },
  rejected: { label: 'Rejected', tone: 'danger' },
  invalid: { label: 'Invalid', tone: 'warning' },
};
const ERROR_TEXT: Record<string, string> = {
  authentication_failed: 'Signature or credential did not verify',
  invalid_payload: 'The body was not a valid event',
  internal_error: 'Failed on our side; the sender will retry',
};

function endpointUrl(path: string) {
  return typeof window === 'undefined' ? path : `${window.location.origin}${path}`;
}

function TestEventButton({ provider, disabled }: { provider: WebhookProvider; disabled: boolean }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: () => settingsActions.sendTestEvent(provider),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookSettingsQuery(me.org.id).queryKey }),
  });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" data-testid={`send-test-${provider}`} disabled={disabled || test.isPending} onClick={() => test.mutate()}>
        {test.isPending ? 'Sending…' : 'Send test event'}
      </Button>
      <span role="status" data-testid={`test-result-${provider}`} className="text-sm">
        {test.isError ? (
          <span className="text-red-700">{test.error.message}</span>
        ) : test.data ? (
          !test.data.sent ? (
            <span className="text-slate-600">Nothing to sign with yet.</span>
          ) : test.data.verified ? (
            <span className="text-emerald-700">Delivered and verified (HTTP {test.data.status}).</span>
          ) : (
            <span className="text-red-700">Not verified (HTTP {test.data.status}).</span>
          )
        ) : null}
      </span>
    </div>
  );
}

function EndpointRow({ endpoint }: { endpoint: WebhookEndpoint }) {
  return (
    <li data-testid={`endpoint-${endpoint.provider}`} className="space-y-2 px-4 py-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="text-sm font-medium text-slate-900">{PROVIDER_LABEL[endpoint.provider]}</p>
          <p className="text-xs text-slate-500">{PROVIDER_HELP[endpoint.provider]}</p>
        </div>
        {endpoint.authMethod && <Badge tone="neutral">{humanize(endpoint.authMethod)}</Badge>}
      </div>
      {endpoint.path ? (
        <div className="flex items-center gap-2">
          <code data-testid={`endpoint-url-${endpoint.provider}`} className="min-w-0 flex-1 truncate rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
            {endpointUrl(endpoint.path)}
          </code>
          <CopyButton value={endpointUrl(endpoint.path)} label={`Copy the ${PROVIDER_LABEL[endpoint.provider]} URL`} />
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          Not set up yet: {endpoint.provider === 'vapi' ? 'create a secret below' : 'paste your Retell API key below'} and your URL appears here.
        </p>
      )}
      {endpoint.provider !== 'standard' && <ProviderCredentials endpoint={endpoint} />}
      <TestEventButton provider={endpoint.provider} disabled={!endpoint.path} />
    </li>
  );
}

function NewSecretPanel({ created, onDismiss }: { created: RotateSecretResponse; onDismiss(): void }) {
  return (
    <div data-testid="new-secret-panel" role="status" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm font-semibold text-amber-900">Copy the new secret now: it is shown only once.</p>
      <div className="flex items-center gap-2">
        <code data-testid="new-secret" className="min-w-0 flex-1 rounded-md bg-white px-2.5 py-1.5 font-mono text-xs break-all text-slate-900 ring-1 ring-amber-200">
          {created.secret}
        </code>
        <CopyButton value={created.secret} label="Copy the new secret" />
      </div>
      <p className="text-xs text-amber-900">
        {created.retiring.length > 0
          ? `The previous secret keeps working until ${formatDateTime(created.retiring[0].expiresAt)}, so you can switch your sender over.`
          : 'Configure it in your sender; deliveries signed with it are accepted from now on.'}
      </p>
      <Button size="sm" variant="secondary" data-testid="dismiss-secret" onClick={onDismiss}>
        I have saved it
      </Button>
    </div>
  );
}

function SecretRow({ secret }: { secret: WebhookSecretInfo }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const retire = useMutation({
    mutationFn: () => settingsActions.retireSecret(secret.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookSettingsQuery(me.org.id).queryKey }),
  });
  return (
    <li data-testid="secret-row" data-state={secret.state} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
      <div className="space-y-0.5">
        <div className="flex items-center gap-2">
          <span className="font-mono text-sm text-slate-800">whsec_••••••••</span>
          <Badge tone={secret.state === 'current' ? 'success' : 'warning'} dot>
            {secret.state === 'current' ? 'Current' : 'Retiring'}
          </Badge>
        </div>
        <p className="text-xs text-slate-500">
          Valid since {formatDateTime(secret.validFrom)}
          {secret.expiresAt && <> · stops verifying {formatDateTime(secret.expiresAt)}</>}
        </p>
        {retire.isError && <p className="text-xs text-red-700">{retire.error.message}</p>}
      </div>
      {secret.state === 'retiring' && (
        <Button size="sm" variant="danger" data-testid="retire-secret" disabled={retire.isPending} onClick={() => retire.mutate()}>
          {retire.isPending ? 'Retiring…' : 'Retire now'}
        </Button>
      )}
    </li>
  );
}

function SigningSecret({ secrets }: { secrets: WebhookSecretInfo[] }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [overlap, setOverlap] = useState(24);
  const [created, setCreated] = useState<RotateSecretResponse | null>(null);
  const rotate = useMutation({
    mutationFn: (hours: number) => settingsActions.rotateSecret(hours),
    onSuccess: (data) => setCreated(data),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookSettingsQuery(me.org.id).queryKey }),
  });
  const rotating = secrets.length > 1;
  return (
    <section className={card} aria-labelledby="secret-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="secret-title" className={sectionTitle}>
          Signing secret (Standard Webhooks)
        </h2>
        <p className="text-xs text-slate-500">
          Only the server keeps it. Rotate with an overlap so deliveries signed with the old secret still land while you switch.
        </p>
      </div>
      {secrets.length === 0 ? (
        <p data-testid="no-secret" className="px-4 py-4 text-sm text-slate-600">
          No signing secret yet: Standard Webhooks deliveries are refused until you create one.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {secrets.map((s) => (
            <SecretRow key={s.id} secret={s} />
          ))}
        </ul>
      )}
      <div className="space-y-3 border-t border-slate-200 px-4 py-4">
        {created && <NewSecretPanel created={created} onDismiss={() => setCreated(null)} />}
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            rotate.mutate(secrets.length === 0 ? 0 : overlap);
          }}
        >
          {secrets.length > 0 && <OverlapSelect testId="overlap" value={overlap} onChange={setOverlap} label="Keep the old secret valid for" />}
          <Button type="submit" variant="primary" data-testid="rotate-secret" disabled={rotate.isPending || rotating}>
            <Refresh className="size-4" />
            {rotate.isPending ? 'Working…' : secrets.length === 0 ? 'Create secret' : 'Rotate secret'}
          </Button>
          {rotating && <p className="text-xs text-slate-500">Retire the old secret before rotating again.</p>}
        </form>
        {rotate.isError && (
          <p role="alert" className="text-sm text-red-700">
            {rotate.error.message}
          </p>
        )}
      </div>
    </section>
  );
}

function Deliveries({ deliveries }: { deliveries: WebhookDelivery[] }) {
  return (
    <section className={card} aria-labelledby="deliveries-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="deliveries-title" className={sectionTitle}>
          Recent deliveries
        </h2>
        <p className="text-xs text-slate-500">The last {deliveries.length === 50 ? 50 : 'few'} deliveries sent to your URLs, newest first.</p>
      </div>
      {deliveries.length === 0 ? (
        <StateView testId="deliveries-empty" icon={<Shield className="size-6" />} title="No deliveries yet">
          Deliveries appear here as soon as a provider posts to one of your URLs. Send a test event to try it.
        </StateView>
      ) : (
        // On a phone the provider column gives way, and what is still too wide scrolls inside the card.
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="deliveries-table">
            <caption className="sr-only">Recent deliveries</caption>
            <thead className="border-b border-slate-200 bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-4 py-2">
                  When
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Provider
                </th>
                <th scope="col" className="px-3 py-2">
                  Event
                </th>
                <th scope="col" className="px-3 py-2">
                  Outcome
                </th>
                <th scope="col" className="hidden px-4 py-2 md:table-cell">
                  Error
                </th>
                <th scope="col" className="hidden px-4 py-2 lg:table-cell">
                  Credential
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="delivery-row" data-outcome={d.outcome}>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-700 tabular-nums">{formatDateTime(d.receivedAt)}</td>
                  <td className="hidden px-3 py-2.5 text-slate-700 sm:table-cell">{PROVIDER_LABEL[d.provider]}</td>
                  <td className="px-3 py-2.5 font-mono text-xs text-slate-700">{d.eventType ?? <span className="text-slate-400">unknown</span>}</td>
                  <td className="px-3 py-2.5">
                    <Badge tone={OUTCOME[d.outcome].tone}>{OUTCOME[d.outcome].label}</Badge>
                  </td>
                  <td className="hidden px-4 py-2.5 text-slate-600 md:table-cell">{d.errorCode ? (ERROR_TEXT[d.errorCode] ?? humanize(d.errorCode)) : '—'}</td>
                  <td data-testid="delivery-credential" className="hidden px-4 py-2.5 font-mono text-xs text-slate-600 lg:table-cell">
                    {d.credentialFingerprint ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LoadingView() {
  return (
    <div data-testid="webhooks-loading" aria-busy="true" className="space-y-4">
      {[0, 1, 2].map((i) => (
        <div key={i} className={cx(card, 'space-y-3 p-4')}>
          <Skeleton className="h-4 w-48" />
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-4 w-32" />
        </div>
      ))}
    </div>
  );
}

export function WebhooksPage() {
  const me = useMe();
  const settings = useQuery(webhookSettingsQuery(me.org.id));

  if (settings.isError && hasErrorCode(settings.error, 'forbidden')) {
    return (
      <div className={card}>
        <ForbiddenView title="Only admins can manage webhooks" />
      </div>
    );
  }
  if (settings.isError) {
    return (
      <div className={card}>
        <ErrorView error={settings.error} title="Could not load the webhook settings" onRetry={() => void settings.refetch()} />
      </div>
    );
  }
  if (!settings.data) return <LoadingView />;

  return (
    <div className="space-y-5" data-testid="webhooks-page">
      <section className={card} aria-labelledby="endpoints-title">
        <div className="border-b border-slate-200 px-4 py-3">
          <h2 id="endpoints-title" className={sectionTitle}>
            Endpoint URLs
          </h2>
          <p className="text-xs text-slate-500">Where each provider sends your calls. A test event is signed like a real delivery and checked by the same code.</p>
        </div>
        <ul className="divide-y divide-slate-100">
          {settings.data.endpoints.map((e) => (
            <EndpointRow key={e.provider} endpoint={e} />
          ))}
        </ul>
      </section>
      <SigningSecret secrets={settings.data.secrets} />
      <Deliveries deliveries={settings.data.deliveries} />
    </div>
  );
}
