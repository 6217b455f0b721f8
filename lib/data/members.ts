// Org administration, part 1: members and invitations. Every function here is one RPC with the
// caller's token; the database decides (admins only, org from the token, last-admin rule, audit row
// in the same transaction: supabase/migrations/20261130000500_org_members.sql). The invitee's side
// (preview, accept) runs with the service role: the invitation token is the credential.
import type { SupabaseClient } from '@supabase/supabase-js';
import type {
  InvitationPreviewResponse,
  InvitationStatus,
  MembersResponse,
  OrgAuditEntry,
  OrgInvitation,
  OrgMember,
  Role,
} from '@/lib/api/contract';
import type { Database } from '@/lib/database.types';

type Client = SupabaseClient<Database>;

interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  created_at: string;
  expires_at: string;
}

function toInvitation(r: InvitationRow): OrgInvitation {
  return { id: r.id, email: r.email, role: r.role, status: r.status, createdAt: r.created_at, expiresAt: r.expires_at };
}

interface OverviewRow {
  members: { user_id: string; email: string | null; role: Role; last_sign_in_at: string | null; created_at: string }[];
  invitations: InvitationRow[];
  recent_changes: { id: string; actor_email: string | null; action: string; target: string | null; detail: Record<string, unknown>; created_at: string }[];
}

export async function getMembersOverview(client: Client): Promise<MembersResponse> {
  const { data, error } = await client.rpc('org_members_overview');
  if (error) throw error;
  const row = data as unknown as OverviewRow;
  return {
    members: row.members.map(
      (m): OrgMember => ({ userId: m.user_id, email: m.email, role: m.role, lastSignInAt: m.last_sign_in_at, createdAt: m.created_at }),
    ),
    invitations: row.invitations.map(toInvitation),
    recentChanges: row.recent_changes.map(
      (a): OrgAuditEntry => ({ id: a.id, actorEmail: a.actor_email, action: a.action, target: a.target, detail: a.detail, createdAt: a.created_at }),
    ),
  };
}

/** Creates an invitation; the token comes back once (only its hash is stored). */
export async function createInvitation(client: Client, input: { email: string; role: Role }): Promise<{ invitation: OrgInvitation; token: string }> {
  const { data, error } = await client.rpc('create_org_invitation', { p_email: input.email, p_role: input.role });
  if (error) throw error;
  const row = data as unknown as InvitationRow & { token: string };
  return { invitation: toInvitation(row), token: row.token };
}

export async function revokeInvitation(client: Client, invitationId: string): Promise<void> {
  const { error } = await client.rpc('revoke_org_invitation', { p_invitation_id: invitationId });
  if (error) throw error;
}

export async function setMemberRole(client: Client, userId: string, role: Role): Promise<void> {
  const { error } = await client.rpc('set_org_member_role', { p_user_id: userId, p_role: role });
  if (error) throw error;
}

export async function removeMember(client: Client, userId: string): Promise<void> {
  const { error } = await client.rpc('remove_org_member', { p_user_id: userId });
  if (error) throw error;
}

/** The invite page's view of a token (service role); null for an unknown token. */
export async function previewInvitation(admin: Client, token: string): Promise<InvitationPreviewResponse | null> {
  const { data, error } = await admin.rpc('invitation_preview', { p_token: token });
  if (error) throw error;
  if (!data) return null;
  const row = data as unknown as { status: InvitationStatus; email: string; role: Role; org_name: string; expires_at: string };
  if (row.status !== 'pending') return { status: row.status };
  return { status: 'pending', email: row.email, role: row.role, orgName: row.org_name, expiresAt: row.expires_at };
}

/** Makes the user a member (service role); sessionId: the session a signed-in invitee's token names. */
export async function acceptInvitation(admin: Client, token: string, userId: string, sessionId: string | null): Promise<{ role: Role }> {
  const { data, error } = await admin.rpc('accept_org_invitation', { p_token: token, p_user_id: userId, p_session_id: sessionId ?? undefined });
  if (error) throw error;
  return { role: (data as unknown as { role: Role }).role };
}
