'use client';
import { useEffect, useRef } from 'react';
import type { TranscriptTurn } from '@/lib/client/api-types';
import { formatTimestamp } from '@/lib/client/format';
import { activeTurnIndex } from '@/lib/client/transcript';
import { cx } from '../ui/cx';

/**
 * Speaker turns. With a recording, each turn is a button that plays from its start, and the turn
 * being heard is highlighted (and kept in view while playing).
 */
export function Transcript({
  turns,
  currentTime,
  started,
  playing,
  canSeek,
  onSeek,
  agentName,
}: {
  turns: TranscriptTurn[];
  currentTime: number;
  /** Playback has begun at least once; before that nothing is highlighted. */
  started: boolean;
  playing: boolean;
  canSeek: boolean;
  onSeek(seconds: number): void;
  agentName: string | null;
}) {
  const active = started ? activeTurnIndex(turns, currentTime) : -1;
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!playing || active < 0) return;
    const list = listRef.current;
    const item = list?.children[active] as HTMLElement | undefined;
    if (!list || !item) return;
    // Scroll only the transcript box, never the page.
    const top = item.offsetTop - list.offsetTop;
    const bottom = top + item.offsetHeight;
    if (top < list.scrollTop || bottom > list.scrollTop + list.clientHeight) {
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: reduce ? 'auto' : 'smooth' });
    }
  }, [active, playing]);

  if (turns.length === 0) {
    return <p className="px-4 py-8 text-center text-sm text-slate-500">No transcript for this call.</p>;
  }

  const agentLabel = agentName ? agentName.replace(/\s*\(.*\)\s*$/, '') : 'Agent';

  return (
    <ol ref={listRef} className="relative max-h-[32rem] space-y-1 overflow-y-auto p-2" aria-label="Transcript" data-testid="transcript">
      {turns.map((turn, i) => {
        const isActive = i === active;
        const isAgent = turn.speaker === 'agent';
        const inner = (
          <>
            <span className="w-10 shrink-0 pt-0.5 text-right font-mono text-xs text-slate-400 tabular-nums">{formatTimestamp(turn.start)}</span>
            <span className="min-w-0 flex-1">
              <span className={cx('block text-xs font-semibold', isAgent ? 'text-indigo-700' : 'text-emerald-700')} data-testid="transcript-speaker">
                {isAgent ? agentLabel : 'Customer'}
              </span>
              <span className="block text-sm leading-relaxed text-slate-800">{turn.text}</span>
            </span>
          </>
        );
        const itemClass = cx(
          'flex w-full gap-3 rounded-lg px-2 py-2 text-left transition-colors',
          isActive ? 'bg-indigo-50 ring-1 ring-indigo-200' : canSeek && 'hover:bg-slate-50',
        );
        return (
          <li key={`${turn.start}-${i}`} data-testid="transcript-turn" data-active={isActive ? 'true' : undefined} data-start={turn.start}>
            {canSeek ? (
              <button
                type="button"
                className={cx(itemClass, 'focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600')}
                aria-current={isActive ? 'true' : undefined}
                title={`Play from ${formatTimestamp(turn.start)}`}
                onClick={() => onSeek(turn.start)}
              >
                {inner}
              </button>
            ) : (
              <div className={itemClass} aria-current={isActive ? 'true' : undefined}>
                {inner}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
