// Formatting of the overview's numbers and local days. Local days are calendar dates of the org's
// time zone: they are formatted as dates in UTC so the browser's own zone never shifts them.
import type { CallStatus, Sentiment } from '@/lib/api/contract';
import { humanize, statusLabel } from './format';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const count = new Intl.NumberFormat('en-US');
const dayShort = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const dayLong = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });

export const formatCount = (n: number) => count.format(n);

/** "2026-11-03" → "Nov 3" (or "Tue, Nov 3, 2026"). */
export function formatDay(day: string, style: 'short' | 'long' = 'short'): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return (style === 'long' ? dayLong : dayShort).format(ms);
}

/** Talk time in minutes, whole from 10 minutes on: "0.5 min", "42 min", "1,234 min". */
export function formatMinutes(seconds: number): string {
  const m = seconds / 60;
  if (m === 0) return '0 min';
  return `${m < 10 ? (Math.round(m * 10) / 10).toString() : count.format(Math.round(m))} min`;
}

/** A share as a whole percent; null when there is nothing to divide by. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';
}

export interface Change {
  text: string;
  direction: 'up' | 'down' | 'same';
}

/** A count or sum against the previous period of the same length: "+12%", "−8%", "no change". */
export function changeVsPrevious(current: number, previous: number): Change | null {
  if (previous === 0) return current === 0 ? null : { text: 'none before', direction: 'up' };
  const pct = Math.round(((current - previous) / previous) * 100);
  if (pct === 0) return { text: 'no change', direction: 'same' };
  return { text: `${pct > 0 ? '+' : '\u2212'}${count.format(Math.abs(pct))}%`, direction: pct > 0 ? 'up' : 'down' };
}

/** A share against the previous period's, in percentage points; null when either has no basis. */
export function rateChange(part: number, whole: number, prevPart: number, prevWhole: number): Change | null {
  if (whole === 0 || prevWhole === 0) return null;
  const pts = Math.round((part / whole) * 100) - Math.round((prevPart / prevWhole) * 100);
  if (pts === 0) return { text: 'no change', direction: 'same' };
  return { text: `${pts > 0 ? '+' : '\u2212'}${Math.abs(pts)} pts`, direction: pts > 0 ? 'up' : 'down' };
}

/** 0 → "12 AM", 13 → "1 PM". */
export function formatHour(hour: number): string {
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return `${h} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** 0 → "12a", 18 → "6p": axis labels that fit a phone. */
export function formatHourShort(hour: number): string {
  return formatHour(hour).replace(' AM', 'a').replace(' PM', 'p');
}

export const statusColor: Record<CallStatus, string> = {
  completed: '#059669',
  voicemail: '#0284c7',
  no_answer: '#d97706',
  busy: '#ea580c',
  failed: '#dc2626',
  in_progress: '#64748b',
};

export const sentimentColor = (s: Sentiment | null) => (s === 'positive' ? '#059669' : s === 'negative' ? '#dc2626' : s === 'neutral' ? '#64748b' : '#cbd5e1');
export const sentimentLabel = (s: Sentiment | null) => (s ? humanize(s) : 'Not rated');
export const successLabel = (s: boolean | null) => (s === true ? 'Successful' : s === false ? 'Unsuccessful' : 'No verdict');
export const successColor = (s: boolean | null) => (s === true ? '#059669' : s === false ? '#dc2626' : '#cbd5e1');
export const endedReasonLabel = (r: string | null) => (r ? humanize(r) : 'Not reported');
export const agentLabel = (a: string | null) => a ?? 'No agent';
export { statusLabel };
