import { articleHref, parseRoute, routeHref } from './route';

describe('routes', () => {
  it('round-trips a view with parameters, including non-ASCII titles', () => {
    const href = articleHref('Çullu, Agdam', 'enwiki', 237382899);
    const route = parseRoute(href);
    expect(route.view).toBe('article');
    expect(route.params.get('name')).toBe('Çullu, Agdam');
    expect(route.params.get('revision')).toBe('237382899');
  });

  it('falls back to the firehose for an unknown or empty hash', () => {
    expect(parseRoute('').view).toBe('firehose');
    expect(parseRoute('#/__proto__').view).toBe('firehose');
    expect(routeHref('sql')).toBe('#/sql');
  });
});
