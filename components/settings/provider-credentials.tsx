'use client';
// The Vapi secret and the Retell API key of one provider endpoint on Settings → Webhooks.
//   Vapi:   the server makes the secret; it is shown once, in this component's state only (never in
//           the query cache), like the signing secret.
//   Retell: the admin pastes the org's Retell API key; it is sent once and never shown again (the
//           input is cleared on success), only its fingerprint and last 4 characters.
// Rotating keeps the old credential valid for the chosen overlap; "Retire now" ends it early.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProviderCredentialInfo, RotateVapiSecretResponse, WebhookEndpoint } from '@/lib/client/api-types';
import { formatDateTime } from '@/lib/client/format';
import { settingsActions, webhookSettingsQuery } from '@/lib/client/queries';
import { useMe } from '../me-context';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Refresh } from '../ui/icons';
import { CopyButton, inputClasses, OverlapSelect } from './webhook-controls';

type Provider = 'vapi' | 'retell';

/** What Vapi calls the credential type of each of our auth methods (a new endpoint uses bearer). */
const VAPI_CREDENTIAL: Record<string, string> = { bearer: 'Bearer Token', hmac: 'HMAC', 'x-vapi-secret': 'X-Vapi-Secret' };

function useInvalidateSettings() {
  const me = useMe();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: webhookSettingsQuery(me.org.id).queryKey });
}

function CredentialLine({ provider, info, children }: { provider: Provider; info: ProviderCredentialInfo; children: React.ReactNode }) {
  return (
    <p className="text-xs text-slate-600">
      <span className="font-mono text-slate-800" title="First 12 hex digits of the credential's SHA-256">
        {info.fingerprint}
      </span>
      {provider === 'retell' && info.last4 && <> · key ending …{info.last4}</>}
      {children}
    </p>
  );
}

function Credentials({ endpoint }: { endpoint: WebhookEndpoint & { provider: Provider } }) {
  const invalidate = useInvalidateSettings();
  const retire = useMutation({
    mutationFn: () => settingsActions.retireProviderCredential(endpoint.endpointId!),
    onSettled: invalidate,
  });
  if (!endpoint.credential) return null;
  const previous = endpoint.previousCredential;
  return (
    <ul className="space-y-1.5">
      <li data-testid={`credential-${endpoint.provider}`} data-state="current" className="flex flex-wrap items-center gap-2">
        <Badge tone="success" dot>
          Current
        </Badge>
        <CredentialLine provider={endpoint.provider} info={endpoint.credential}>
          {endpoint.credential.setAt && <> · since {formatDateTime(endpoint.credential.setAt)}</>}
        </CredentialLine>
      </li>
      {previous && (
        <li data-testid={`credential-${endpoint.provider}`} data-state="retiring" className="flex flex-wrap items-center gap-2">
          <Badge tone="warning" dot>
            Retiring
          </Badge>
          <CredentialLine provider={endpoint.provider} info={previous}>
            {' '}
            · stops verifying {formatDateTime(previous.expiresAt)}
          </CredentialLine>
          <Button size="sm" variant="danger" data-testid={`retire-credential-${endpoint.provider}`} disabled={retire.isPending} onClick={() => retire.mutate()}>
            {retire.isPending ? 'Retiring…' : 'Retire now'}
          </Button>
          {retire.isError && <span className="text-xs text-red-700">{retire.error.message}</span>}
        </li>
      )}
    </ul>
  );
}

function VapiSecretForm({ endpoint }: { endpoint: WebhookEndpoint }) {
  const invalidate = useInvalidateSettings();
  const [overlap, setOverlap] = useState(24);
  const [created, setCreated] = useState<RotateVapiSecretResponse | null>(null);
  const exists = endpoint.credential !== null;
  const rotate = useMutation({
    mutationFn: (hours: number) => settingsActions.rotateVapiSecret(hours),
    onSuccess: (data) => setCreated(data),
    onSettled: invalidate,
  });
  return (
    <div className="space-y-2">
      {created && (
        <div data-testid="new-vapi-secret-panel" role="status" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <p className="text-sm font-semibold text-amber-900">Copy the new Vapi secret now: it is shown only once.</p>
          <div className="flex items-center gap-2">
            <code data-testid="new-vapi-secret" className="min-w-0 flex-1 rounded-md bg-white px-2.5 py-1.5 font-mono text-xs break-all text-slate-900 ring-1 ring-amber-200">
              {created.secret}
            </code>
            <CopyButton value={created.secret} label="Copy the new Vapi secret" />
          </div>
          <p className="text-xs text-amber-900">
            In Vapi, set it as the {VAPI_CREDENTIAL[endpoint.authMethod ?? 'bearer'] ?? 'Bearer Token'} credential of your server URL.
            {created.retiring ? ` The previous secret keeps working until ${formatDateTime(created.retiring.expiresAt)}.` : ''}
          </p>
          <Button size="sm" variant="secondary" data-testid="dismiss-vapi-secret" onClick={() => setCreated(null)}>
            I have saved it
          </Button>
        </div>
      )}
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          rotate.mutate(exists ? overlap : 0);
        }}
      >
        {exists && <OverlapSelect testId="overlap-vapi" value={overlap} onChange={setOverlap} label="Keep the old secret valid for" />}
        <Button type="submit" size="sm" data-testid="rotate-vapi-secret" disabled={rotate.isPending || endpoint.previousCredential !== null}>
          <Refresh className="size-4" />
          {rotate.isPending ? 'Working…' : exists ? 'Rotate Vapi secret' : 'Create Vapi secret'}
        </Button>
      </form>
      {endpoint.previousCredential && <p className="text-xs text-slate-500">Retire the old secret before rotating again.</p>}
      {rotate.isError && (
        <p role="alert" className="text-sm text-red-700">
          {rotate.error.message}
        </p>
      )}
    </div>
  );
}

function RetellKeyForm({ endpoint }: { endpoint: WebhookEndpoint }) {
  const invalidate = useInvalidateSettings();
  const [overlap, setOverlap] = useState(24);
  const [apiKey, setApiKey] = useState('');
  const exists = endpoint.credential !== null;
  const save = useMutation({
    mutationFn: (input: { apiKey: string; hours: number }) => settingsActions.setRetellKey(input.apiKey, input.hours),
    // Write-only: the key leaves the page's state as soon as the server has it.
    onSuccess: () => setApiKey(''),
    onSettled: invalidate,
  });
  return (
    <div className="space-y-2">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ apiKey, hours: exists ? overlap : 0 });
        }}
      >
        <label className="min-w-56 flex-1 text-sm text-slate-700">
          <span className="mb-1 block text-xs font-medium text-slate-500">{exists ? 'New Retell API key' : 'Your Retell API key'}</span>
          <input
            data-testid="retell-key-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            placeholder="key_…"
            className={`${inputClasses} w-full font-mono`}
          />
        </label>
        {exists && <OverlapSelect testId="overlap-retell" value={overlap} onChange={setOverlap} label="Keep the old key valid for" />}
        <Button type="submit" size="sm" data-testid="save-retell-key" disabled={save.isPending || apiKey.trim() === '' || endpoint.previousCredential !== null}>
          {save.isPending ? 'Saving…' : exists ? 'Replace key' : 'Save key'}
        </Button>
      </form>
      <p role="status" data-testid="retell-key-result" className="text-xs">
        {save.isError ? (
          <span className="text-red-700">{save.error.message}</span>
        ) : save.data ? (
          <span className="text-emerald-700">Saved the key ending …{save.data.last4}. It is never shown again.</span>
        ) : endpoint.previousCredential ? (
          <span className="text-slate-500">Retire the old key before replacing it again.</span>
        ) : (
          <span className="text-slate-500">Stored write-only: after saving, only its last 4 characters are shown.</span>
        )}
      </p>
    </div>
  );
}

export function ProviderCredentials({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (endpoint.provider === 'standard') return null;
  const provider = endpoint.provider;
  return (
    <div data-testid={`credentials-${provider}`} className="space-y-2 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
      <p className="text-xs font-medium text-slate-500">{provider === 'vapi' ? 'Vapi secret' : 'Retell API key'}</p>
      <Credentials endpoint={{ ...endpoint, provider }} />
      {provider === 'vapi' ? <VapiSecretForm endpoint={endpoint} /> : <RetellKeyForm endpoint={endpoint} />}
    </div>
  );
}
