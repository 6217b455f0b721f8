// Display formatting. Pure functions; locale-dependent ones take the locale so tests can pin it.
import type { CallTotal } from './api-types';

/** "+14155550100" → "(415) 555-0100"; other E.164 numbers keep their country code, grouped. */
export function formatPhone(raw: string | null | undefined): string {
  if (!raw) return '—';
  const trimmed = raw.trim();
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (/^(\+?1)?\d{10}$/.test(compact)) {
    const d = compact.slice(-10);
    return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
  }
  if (/^\+\d{7,15}$/.test(compact)) {
    // Without a numbering-plan table the country code's length is unknown; groups of three from
    // the right keep the number readable without claiming a local format.
    const groups: string[] = [];
    let rest = compact.slice(1);
    while (rest.length > 4) {
      groups.unshift(rest.slice(-3));
      rest = rest.slice(0, -3);
    }
    return `+${rest} ${groups.join(' ')}`;
  }
  return trimmed;
}

/** Seconds → "m:ss", or "h:mm:ss" from an hour on. */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds) || totalSeconds < 0) return '—';
  const s = Math.round(totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A playback position in seconds → "m:ss" (no rounding up past the real position). */
export function formatTimestamp(seconds: number): string {
  return formatDuration(Math.floor(Math.max(0, seconds)));
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdPrecise = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** USD to the cent; a non-zero cost under a cent shows as "<$0.01" rather than a misleading $0.00. */
export function formatCost(cost: number | null | undefined): string {
  if (cost === null || cost === undefined || !Number.isFinite(cost)) return '—';
  if (cost > 0 && cost < 0.005) return '<$0.01';
  return usd.format(cost);
}

/** Full precision (up to 4 decimals) for tooltips and the detail page. */
export function formatCostPrecise(cost: number | null | undefined): string {
  if (cost === null || cost === undefined || !Number.isFinite(cost)) return '—';
  return usdPrecise.format(cost);
}

export function formatDateTime(iso: string | null | undefined, locale?: string, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** Rounds a planned (estimated) count to three significant digits: 12,345 → 12,300. */
export function roundEstimate(value: number): number {
  if (value < 100) return Math.round(value);
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 2);
  return Math.round(value / magnitude) * magnitude;
}

/**
 * The total, honestly: exact counts as they are ("1,234 calls"), planner estimates marked as such
 * ("about 12,300 calls").
 */
export function formatTotal(total: CallTotal, locale = 'en-US', noun: [string, string] = ['call', 'calls']): string {
  const nf = new Intl.NumberFormat(locale);
  if (total.kind === 'planned') {
    const value = roundEstimate(total.value);
    return `about ${nf.format(value)} ${value === 1 ? noun[0] : noun[1]}`;
  }
  return `${nf.format(total.value)} ${total.value === 1 ? noun[0] : noun[1]}`;
}

const STATUS_LABELS: Record<string, string> = {
  completed: 'Completed',
  no_answer: 'No answer',
  busy: 'Busy',
  failed: 'Failed',
  voicemail: 'Voicemail',
  in_progress: 'In progress',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? humanize(status);
}

export function directionLabel(direction: string): string {
  return direction === 'inbound' ? 'Inbound' : direction === 'outbound' ? 'Outbound' : humanize(direction);
}

/** "customer-ended-call" / "no_answer" → "Customer ended call" / "No answer". */
export function humanize(value: string | null | undefined): string {
  if (!value) return '—';
  const words = value.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The customer's side of a call: the caller for inbound, the callee for outbound. */
export function customerNumber(call: { callType: string; fromNumber: string; toNumber: string }): string {
  return call.callType === 'outbound' ? call.toNumber : call.fromNumber;
}

export function lineNumber(call: { callType: string; fromNumber: string; toNumber: string }): string {
  return call.callType === 'outbound' ? call.fromNumber : call.toNumber;
}

/** Compact date-time for table rows: "Nov 26, 2:14 PM"; the year only when it is not this year's. */
export function formatListDateTime(iso: string, now = new Date(), locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    year: sameYear ? undefined : 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(date);
}

/** "26–50 of 1,234" / "26–50 of about 12,300" for a page of `count` rows. */
export function formatRange(page: number, pageSize: number, count: number, total: CallTotal | null, locale = 'en-US'): string {
  const nf = new Intl.NumberFormat(locale);
  if (count === 0) return total ? `0 of ${total.kind === 'planned' ? 'about ' : ''}${nf.format(total.kind === 'planned' ? roundEstimate(total.value) : total.value)}` : '';
  const first = (page - 1) * pageSize + 1;
  const last = first + count - 1;
  const range = `${nf.format(first)}–${nf.format(last)}`;
  if (!total) return range;
  return total.kind === 'planned' ? `${range} of about ${nf.format(roundEstimate(total.value))}` : `${range} of ${nf.format(total.value)}`;
}
