import { HtmlFillMemo } from './html-fill.memo';
import { encodeDocuments, ResponseBodyMemo } from './response-body.memo';

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
});
