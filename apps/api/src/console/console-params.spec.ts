import { httpErrorOf } from '../core/http-errors';
import { idParam, parseDiffQuery, parseFlaggedQuery, parseRatesQuery, wikiId } from './console-params';

describe('console parameters', () => {
  it('parse with defaults', () => {
    expect(parseRatesQuery({})).toEqual({ minutes: 60 });
    expect(parseFlaggedQuery({ wiki: 'enwiki', status: 'confirmed' })).toEqual({
      wiki: 'enwiki',
      status: 'confirmed',
      limit: 100,
    });
    expect(parseDiffQuery({ to: '12' })).toEqual({ to: 12 });
    expect(parseDiffQuery({ from: '3', to: '12' })).toEqual({ from: 3, to: 12 });
  });

  it.each([
    ['unknown parameter', () => parseRatesQuery({ minute: '5' }), 'request.unknown_parameter'],
    ['__proto__ as a name', () => parseRatesQuery(JSON.parse('{"__proto__":"1"}')), 'request.forbidden_key'],
    ['repeated value', () => parseRatesQuery({ minutes: ['5', '6'] }), 'request.invalid_parameter'],
    ['out of range', () => parseRatesQuery({ minutes: '100000' }), 'request.invalid_parameter'],
    ['not a number', () => parseFlaggedQuery({ limit: '1e3' }), 'request.invalid_parameter'],
    ['bad status', () => parseFlaggedQuery({ status: 'all' }), 'request.invalid_parameter'],
    ['missing to', () => parseDiffQuery({ from: '1' }), 'request.invalid_parameter'],
    ['hostile wiki', () => wikiId("enwiki' OR 1=1"), 'request.invalid_wiki'],
    ['zero page id', () => idParam('0', 'page id'), 'request.invalid_parameter'],
  ])('refuse %s with a 422 and a stable code', (_what, parse, code) => {
    let refused: unknown;
    try {
      parse();
    } catch (e) {
      refused = e;
    }
    expect(httpErrorOf(refused)).toMatchObject({ status: 422, code });
  });
});
