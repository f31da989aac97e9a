import { aRevisionCreated } from '../testing';
import { upcastPageEvent } from './page-event-upcaster';

describe('upcastPageEvent: stored events in the current shape', () => {
  const hidden = { text: false, editor: true, comment: true };

  it("drops MediaWiki's -1 size (and a negative previousSize) of an old stored event: unknown", () => {
    const old = { ...aRevisionCreated({ revisionId: 7 }).data, size: -1, previousSize: -1 };
    const up = upcastPageEvent('RevisionCreated', old);
    expect(up).not.toHaveProperty('size');
    expect(up).not.toHaveProperty('previousSize');
    expect(old.size).toBe(-1); // the stored object is not modified
  });

  it('drops the 0 an old import invented for a hidden text without bytes, keeps a real 0', () => {
    const { text: _t, sha1: _s, ...base } = aRevisionCreated({ revisionId: 7 }).data;
    expect(upcastPageEvent('RevisionCreated', { ...base, size: 0, visibility: hidden })).not.toHaveProperty('size');
    const blank = { ...aRevisionCreated({ revisionId: 7, text: '' }).data, size: 0 };
    expect(upcastPageEvent('RevisionCreated', blank)).toBe(blank);
  });

  it('returns current-shape events and other types as they are (same object)', () => {
    const current = aRevisionCreated({ revisionId: 7 }).data;
    expect(upcastPageEvent('RevisionCreated', current)).toBe(current);
    const other = { wiki: 'enwiki', size: -1 };
    expect(upcastPageEvent('PageDeleted', other)).toBe(other);
  });
});
