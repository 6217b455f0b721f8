import { describe, expect, it } from 'vitest';
import { firstPage, hasPrevious, MAX_PREV_DEPTH, nextPaging, pageNumber, parsePaging, previousPaging, writePaging } from '@/lib/client/paging';

describe('keyset paging state', () => {
  it('walks forward and back through pages', () => {
    let p = firstPage;
    expect(pageNumber(p)).toBe(1);
    expect(hasPrevious(p)).toBe(false);
    p = nextPaging(p, 'c2');
    expect(p).toEqual({ cursor: 'c2', prev: [] });
    p = nextPaging(p, 'c3');
    expect(p).toEqual({ cursor: 'c3', prev: ['c2'] });
    expect(pageNumber(p)).toBe(3);
    p = previousPaging(p);
    expect(p).toEqual({ cursor: 'c2', prev: [] });
    p = previousPaging(p);
    expect(p).toEqual(firstPage);
    expect(previousPaging(p)).toEqual(firstPage);
  });

  it('round-trips through the URL', () => {
    const p = { cursor: 'eyJ0IjoiMjAyNi0wMS0wMSJ9', prev: ['a+b/c=', 'd'] };
    const params = new URLSearchParams();
    writePaging(params, p);
    expect(parsePaging(new URLSearchParams(params.toString()))).toEqual(p);
  });

  it('drops oversized cursors and bounds the stack', () => {
    expect(parsePaging(new URLSearchParams({ cursor: 'x'.repeat(5000) }))).toEqual(firstPage);
    let p = firstPage;
    for (let i = 0; i < MAX_PREV_DEPTH + 10; i++) p = nextPaging(p, `c${i}`);
    expect(p.prev.length).toBe(MAX_PREV_DEPTH);
  });
});
