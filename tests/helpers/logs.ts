// Captures what the app logs (lib/observability/log.ts) instead of writing it to stdout.
import { log, setLogSink } from '../../lib/observability/log.ts';

export function captureLogs() {
  const lines: string[] = [];
  const level = log.level;
  log.level = 'debug';
  setLogSink((line) => lines.push(line));
  return {
    text: () => lines.join(''),
    records: () => lines.flatMap((l) => l.split('\n')).filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>),
    restore() {
      setLogSink(null);
      log.level = level;
    },
  };
}
