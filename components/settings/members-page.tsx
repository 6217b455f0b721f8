'use client';
// Members and invitations. Every change is one route call that the database decides (admins only,
// never the last admin, an audit row per change); the page only shows what the answer says.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLES } from '@/lib/api/contract';
import { ApiError, hasErrorCode } from '@/lib/client/api-error';
import type { CreatedInvitationResponse, OkResponse, OrgAuditEntry, OrgInvitation, OrgMember, Role } from '@/lib/client/api-types';
import { authedBackendFetch } from '@/lib/client/authed-backend-fetch';
import { formatDateTime } from '@/lib/client/format';
import { membersQuery } from '@/lib/client/queries';
import { ErrorView, ForbiddenView } from '../access-views';
import { useMe } from '../me-context';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Check } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';

const ROLE_LABEL: Record<Role, string> = { admin: 'Admin', staff: 'Staff' };
const ROLE_HINT: Record<Role, string> = {
  admin: 'Admins see everything: call detail, recordings, the access log and these settings.',
  staff: 'Staff see the call list only.',
};

const sendJson = <T,>(path: string, method: string, body?: unknown) =>
  authedBackendFetch<T>(path, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
}

const card = 'overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs';
const head = 'px-3 py-2 text-left text-xs font-medium tracking-wide text-slate-500 uppercase';
const cell = 'px-3 py-2.5 align-middle text-sm';

type Delivery = 'mail' | 'link';

/** `deliveries`: how this deployment may send invitations, the default first (lib/invitations.ts). */
export function MembersPage({ deliveries = ['link'] }: { deliveries?: Delivery[] }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(membersQuery(me.org.id));
  const [notice, setNotice] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [created, setCreated] = useState<CreatedInvitationResponse | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: membersQuery(me.org.id).queryKey });
  const onError = (error: unknown) => setNotice({ tone: 'error', text: errorText(error) });

  const invite = useMutation({
    mutationFn: (input: { email: string; role: Role; delivery: Delivery }) => sendJson<CreatedInvitationResponse>('/api/org/invitations', 'POST', input),
    onSuccess: (res) => {
      if (res.link) {
        setCreated(res);
        setNotice(null);
      } else {
        setCreated(null);
        setNotice({ tone: 'success', text: `Invitation emailed to ${res.invitation.email}. Its link signs them in as that address; it expires ${formatDateTime(res.invitation.expiresAt)}.` });
      }
      void refresh();
    },
    onError,
  });
  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: OrgMember; role: Role }) =>
      sendJson<OkResponse>(`/api/org/members/${member.userId}`, 'PATCH', { role }),
    onSuccess: (_r, { member, role }) => {
      setNotice({ tone: 'success', text: `${member.email} is now ${ROLE_LABEL[role].toLowerCase()}. It applies to their next request.` });
      void refresh();
    },
    onError: (error) => {
      onError(error);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (member: OrgMember) => sendJson<OkResponse>(`/api/org/members/${member.userId}`, 'DELETE'),
    onSuccess: (_r, member) => {
      setNotice({ tone: 'success', text: `${member.email} was removed. Their next request is refused.` });
      void refresh();
    },
    onError: (error) => {
      onError(error);
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (inv: OrgInvitation) => sendJson<OkResponse>(`/api/org/invitations/${inv.id}`, 'DELETE'),
    onSuccess: (_r, inv) => {
      setNotice({ tone: 'success', text: `The invitation for ${inv.email} was revoked; its link no longer works.` });
      void refresh();
    },
    onError,
  });

  if (query.isError && hasErrorCode(query.error, 'forbidden')) {
    return (
      <div className={card}>
        <ForbiddenView title="Only admins can manage members" />
      </div>
    );
  }

  return (
    <div className="space-y-6" data-testid="members-page">
      {notice && (
        <p
          role={notice.tone === 'error' ? 'alert' : 'status'}
          data-testid="members-notice"
          className={cx(
            'rounded-lg border px-3 py-2 text-sm',
            notice.tone === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-emerald-200 bg-emerald-50 text-emerald-800',
          )}
        >
          {notice.text}
        </p>
      )}

      <InviteForm busy={invite.isPending} deliveries={deliveries} onInvite={(input) => invite.mutateAsync(input)} />
      {created?.link && <CreatedLink created={created} link={created.link} onDone={() => setCreated(null)} />}

      <section className={card} aria-labelledby="members-heading">
        <div className="flex items-baseline justify-between border-b border-slate-200 px-4 py-3">
          <h2 id="members-heading" className="text-sm font-semibold text-slate-900">
            Members {query.data && <span className="font-normal text-slate-500">({query.data.members.length})</span>}
          </h2>
        </div>
        {query.isError ? (
          <ErrorView error={query.error} title="Could not load the members" onRetry={() => void query.refetch()} />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full" data-testid="members-table">
              <caption className="sr-only">Members of {me.org.name}</caption>
              <thead className="border-b border-slate-200 bg-slate-50/80">
                <tr>
                  <th scope="col" className={cx(head, 'pl-4')}>Email</th>
                  <th scope="col" className={head}>Role</th>
                  <th scope="col" className={cx(head, 'hidden sm:table-cell')}>Last sign-in</th>
                  <th scope="col" className={cx(head, 'pr-4 text-right')}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {query.data
                  ? query.data.members.map((m) => (
                      <MemberRow
                        key={m.userId}
                        member={m}
                        isSelf={m.userId === me.user.id}
                        busy={(changeRole.isPending && changeRole.variables?.member.userId === m.userId) || (remove.isPending && remove.variables?.userId === m.userId)}
                        onRole={(role) => changeRole.mutate({ member: m, role })}
                        onRemove={() => remove.mutate(m)}
                      />
                    ))
                  : Array.from({ length: 3 }, (_, i) => (
                      <tr key={i}>
                        <td className={cx(cell, 'pl-4')}><Skeleton className="h-4 w-48" /></td>
                        <td className={cell}><Skeleton className="h-7 w-24" /></td>
                        <td className={cx(cell, 'hidden sm:table-cell')}><Skeleton className="h-4 w-32" /></td>
                        <td className={cx(cell, 'pr-4')} />
                      </tr>
                    ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {query.data && (
        <section className={card} aria-labelledby="invitations-heading">
          <h2 id="invitations-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">
            Open invitations
          </h2>
          {query.data.invitations.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500" data-testid="no-invitations">
              No open invitations. Invite someone above; their link is valid for 7 days.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="invitations-list">
              {query.data.invitations.map((inv) => (
                <li key={inv.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm" data-testid="invitation-row">
                  <span className="min-w-0 truncate font-medium text-slate-900">{inv.email}</span>
                  <Badge tone="neutral">{ROLE_LABEL[inv.role]}</Badge>
                  {inv.status === 'expired' ? <Badge tone="warning">Expired</Badge> : null}
                  <span className="text-xs text-slate-500">
                    {inv.status === 'expired' ? 'expired' : 'expires'} {formatDateTime(inv.expiresAt)}
                  </span>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="ml-auto"
                    disabled={revoke.isPending && revoke.variables?.id === inv.id}
                    onClick={() => revoke.mutate(inv)}
                    aria-label={`Revoke the invitation for ${inv.email}`}
                  >
                    Revoke
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {query.data && <RecentChanges entries={query.data.recentChanges} />}
    </div>
  );
}

const DELIVERY_LABEL: Record<Delivery, string> = { mail: 'Email it to them', link: 'Show me the link' };

function InviteForm({
  busy,
  deliveries,
  onInvite,
}: {
  busy: boolean;
  deliveries: Delivery[];
  onInvite(input: { email: string; role: Role; delivery: Delivery }): Promise<unknown>;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [delivery, setDelivery] = useState<Delivery>(deliveries[0] ?? 'mail');
  return (
    <section className={cx(card, 'p-4')} aria-labelledby="invite-heading">
      <h2 id="invite-heading" className="text-sm font-semibold text-slate-900">
        Invite a member
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">{ROLE_HINT[role]}</p>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          // Cleared once the invitation exists; kept (to correct it) when the answer is an error.
          if (email.trim()) void onInvite({ email: email.trim(), role, delivery }).then(() => setEmail(''), () => {});
        }}
      >
        <label className="flex min-w-[16rem] flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
          Email
          <input
            type="email"
            required
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="colleague@company.com"
            data-testid="invite-email"
            className="h-9 rounded-md border border-slate-300 px-2.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Role
          <select
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            data-testid="invite-role"
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
        {deliveries.length > 1 && (
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
            Delivery
            <select
              value={delivery}
              onChange={(e) => setDelivery(e.target.value as Delivery)}
              data-testid="invite-delivery"
              className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              {deliveries.map((d) => (
                <option key={d} value={d}>
                  {DELIVERY_LABEL[d]}
                </option>
              ))}
            </select>
          </label>
        )}
        <Button type="submit" variant="primary" disabled={busy} data-testid="invite-submit">
          {busy ? 'Inviting…' : 'Send invitation'}
        </Button>
      </form>
    </section>
  );
}

function CreatedLink({ created, link, onDone }: { created: CreatedInvitationResponse; link: string; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="rounded-xl border border-indigo-200 bg-indigo-50 p-4" data-testid="invite-created" aria-live="polite">
      <p className="text-sm font-medium text-indigo-900">
        Invitation for {created.invitation.email} ({ROLE_LABEL[created.invitation.role].toLowerCase()}) created.
      </p>
      <p className="mt-0.5 text-xs text-indigo-800">
        Send them this link. It is shown only now, works once, and expires {formatDateTime(created.invitation.expiresAt)}.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
          aria-label="Invitation link"
          data-testid="invite-link"
          className="h-9 min-w-0 flex-1 rounded-md border border-indigo-200 bg-white px-2.5 font-mono text-xs text-slate-800"
        />
        <Button
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          }}
        >
          {copied ? (
            <>
              <Check className="size-4" /> Copied
            </>
          ) : (
            'Copy link'
          )}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </section>
  );
}

function MemberRow({
  member,
  isSelf,
  busy,
  onRole,
  onRemove,
}: {
  member: OrgMember;
  isSelf: boolean;
  busy: boolean;
  onRole(role: Role): void;
  onRemove(): void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="member-row" data-email={member.email ?? ''}>
      <td className={cx(cell, 'pl-4')}>
        <span className="font-medium text-slate-900">{member.email ?? 'Unknown'}</span>
        {isSelf && (
          <Badge tone="info" className="ml-2">
            You
          </Badge>
        )}
      </td>
      <td className={cell}>
        <select
          value={member.role}
          disabled={busy}
          onChange={(e) => onRole(e.target.value as Role)}
          aria-label={`Role of ${member.email}`}
          data-testid="member-role"
          className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </td>
      <td className={cx(cell, 'hidden text-slate-600 tabular-nums sm:table-cell')}>
        {member.lastSignInAt ? formatDateTime(member.lastSignInAt) : <span className="text-slate-400">Never</span>}
      </td>
      <td className={cx(cell, 'pr-4 text-right whitespace-nowrap')}>
        {confirming ? (
          <span className="inline-flex items-center gap-1">
            <Button size="sm" variant="danger" disabled={busy} onClick={onRemove} data-testid="member-remove-confirm">
              {isSelf ? 'Leave' : 'Remove'}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </span>
        ) : (
          <Button size="sm" variant="ghost" disabled={busy} onClick={() => setConfirming(true)} data-testid="member-remove" aria-label={`Remove ${member.email}`}>
            Remove
          </Button>
        )}
      </td>
    </tr>
  );
}

const ACTION_TEXT: Record<string, (e: OrgAuditEntry) => string> = {
  'member.invited': (e) => `invited ${e.target} as ${String(e.detail.role)}`,
  'member.joined': (e) => `${e.target} joined as ${String(e.detail.role)}`,
  'member.role_changed': (e) => `changed ${e.target} from ${String(e.detail.from)} to ${String(e.detail.to)}`,
  'member.removed': (e) => `removed ${e.target}`,
  'invitation.revoked': (e) => `revoked the invitation for ${e.target}`,
};

function RecentChanges({ entries }: { entries: OrgAuditEntry[] }) {
  return (
    <section className={card} aria-labelledby="changes-heading">
      <h2 id="changes-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">
        Recent changes
      </h2>
      {entries.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">No changes yet. Invitations, role changes and removals are recorded here.</p>
      ) : (
        <ol className="divide-y divide-slate-100" data-testid="audit-trail">
          {entries.map((e) => {
            const text = ACTION_TEXT[e.action]?.(e) ?? `${e.action} ${e.target ?? ''}`;
            const joined = e.action === 'member.joined';
            return (
              <li key={e.id} className="flex flex-wrap items-baseline gap-x-2 px-4 py-2 text-sm">
                <time dateTime={e.createdAt} className="w-40 shrink-0 text-xs text-slate-500 tabular-nums">
                  {formatDateTime(e.createdAt)}
                </time>
                <span className="text-slate-800">
                  {joined ? text : (
                    <>
                      <span className="font-medium">{e.actorEmail ?? 'Someone'}</span> {text}
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
