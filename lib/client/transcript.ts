import type { TranscriptTurn } from './api-types';

/**
 * The turn being spoken at `time` seconds: the last one that has started. Between two turns the
 * earlier stays active, so the highlight does not flicker off in pauses. -1 before the first turn.
 * Turns are sorted by start here rather than trusted to arrive sorted.
 */
export function activeTurnIndex(turns: readonly TranscriptTurn[], time: number): number {
  if (!Number.isFinite(time) || turns.length === 0) return -1;
  let best = -1;
  let bestStart = -Infinity;
  for (let i = 0; i < turns.length; i++) {
    const start = turns[i].start;
    if (start <= time + 0.05 && start >= bestStart) {
      best = i;
      bestStart = start;
    }
  }
  return best;
}
