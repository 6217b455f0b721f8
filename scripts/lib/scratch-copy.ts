// A scratch copy of the working tree (tracked and untracked files, .gitignore respected) in a temp
// directory, with node_modules symlinked. Deliberate breaks are applied there, never here.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ScratchCopy {
  dir: string;
  read(path: string): string;
  write(path: string, text: string): void;
  /** Replaces exactly one occurrence of `from` in `path`; throws if there is none or more than one. */
  replaceOnce(path: string, from: string | RegExp, to: string): void;
  remove(): void;
}

/**
 * A view of `copy` that remembers the original text of every file written through it, so the
 * changes can be undone with `restore()` whichever files a break touched.
 */
export function trackWrites(copy: ScratchCopy): { copy: ScratchCopy; restore(): void } {
  const originals = new Map<string, string | null>();
  const tracked: ScratchCopy = {
    ...copy,
    write(p, text) {
      if (!originals.has(p)) originals.set(p, existsSync(join(copy.dir, p)) ? copy.read(p) : null);
      copy.write(p, text);
    },
    replaceOnce(p, from, to) {
      const text = copy.read(p);
      const matches = typeof from === 'string' ? text.split(from).length - 1 : [...text.matchAll(new RegExp(from, from.flags.includes('g') ? from.flags : `${from.flags}g`))].length;
      if (matches !== 1) throw new Error(`${p}: expected exactly one match of ${String(from)}, found ${matches}`);
      tracked.write(p, text.replace(from, to));
    },
  };
  return {
    copy: tracked,
    restore() {
      for (const [p, text] of originals) {
        if (text === null) rmSync(join(copy.dir, p), { force: true });
        else copy.write(p, text);
      }
      originals.clear();
    },
  };
}

export function createScratchCopy(prefix = 'scratch-copy-', root = REPO_ROOT): ScratchCopy {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && !f.startsWith('node_modules/'));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try {
      copyFileSync(join(root, f), join(dir, f));
    } catch (error) {
      // A file deleted in the working tree but still tracked: it is not part of the copy.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const copy: ScratchCopy = {
    dir,
    read: (p) => readFileSync(join(dir, p), 'utf8'),
    write: (p, text) => {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    },
    replaceOnce(p, from, to) {
      const text = copy.read(p);
      const matches = typeof from === 'string' ? text.split(from).length - 1 : [...text.matchAll(new RegExp(from, from.flags.includes('g') ? from.flags : `${from.flags}g`))].length;
      if (matches !== 1) throw new Error(`${p}: expected exactly one match of ${String(from)}, found ${matches}`);
      copy.write(p, text.replace(from, to));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return copy;
}
