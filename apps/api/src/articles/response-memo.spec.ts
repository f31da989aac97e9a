import { HtmlFillMemo } from './html-fill-memo';
import { encodeDocuments, ResponseBodyMemo, ShapedBodyMemo } from './response-body-memo';

describe('lookup memos', () => {
  it('encodes stored JSON texts verbatim as an array or NDJSON', () => {
    expect(encodeDocuments(['{"a":1}', '{"b":"é"}'], false).toString()).toBe('[{"a":1},{"b":"é"}]');
    expect(encodeDocuments(['{"a":1}', '{"b":2}'], true).toString()).toBe('{"a":1}\n{"b":2}\n');
  });

  it('reuses a body while the read model hands back the same array, per limit and format', () => {
    const memo = new ResponseBodyMemo();
    const docs = ['{"a":1}', '{"b":2}'];
    const first = memo.get(docs, 3, false);
    expect(memo.get(docs, 3, false)).toBe(first);
    expect(memo.get(docs, 1, false).toString()).toBe('[{"a":1}]');
    expect(memo.get([...docs], 3, false)).not.toBe(first);
  });

  it('renders HTML once per document', () => {
    const memo = new HtmlFillMemo();
    let calls = 0;
    const fill = (t: string): string => {
      calls++;
      return t.replace('}', ',"html":"x"}');
    };
    const docs = ['{"a":1}'];
    expect(memo.fillAll(docs, fill)).toEqual(['{"a":1,"html":"x"}']);
    memo.fillAll(docs, fill);
    memo.fillAll([...docs], fill);
    expect(calls).toBe(1);
  });

  it('keeps shaped bodies per result and query under a byte budget, starting over past it', () => {
    const memo = new ShapedBodyMemo(800);
    const docs = ['{"a":1}'];
    let encoded = 0;
    const body = (n: number) => () => {
      encoded++;
      return Buffer.alloc(n);
    };
    const a = memo.get(docs, 'q1', body(90));
    expect(memo.get(docs, 'q1', body(90))).toBe(a);
    expect(encoded).toBe(1);
    expect(memo.get([...docs], 'q1', body(90))).not.toBe(a); // another result: another body
    for (let i = 0; i < 10; i++) memo.get(docs, `other${i}`, body(90));
    memo.get(docs, 'q1', body(90));
    expect(encoded).toBe(13); // the memo started over to stay within 800 bytes
    expect(memo.get(docs, 'none', () => undefined)).toBeUndefined();
    expect(memo.get(docs, 'huge', body(500))).toHaveLength(500); // over an eighth of the budget: not kept
    memo.get(docs, 'huge', body(500));
    expect(encoded).toBe(15);
  });
});
