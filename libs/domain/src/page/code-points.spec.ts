import { countCodePoints, rememberTextCodePoints, textCodePoints } from './code-points';

describe('countCodePoints (WME number_of_characters)', () => {
  it('counts astral characters (surrogate pairs) once, wherever they are', () => {
    expect(countCodePoints('')).toBe(0);
    expect(countCodePoints('Okapi')).toBe(5);
    expect(countCodePoints('Begriffsklärung')).toBe(15);
    expect(countCodePoints('😀')).toBe(1);
    expect(countCodePoints('a😀b𝔘c')).toBe(5);
    expect(countCodePoints('x'.repeat(10_000) + '🐿️')).toBe(10_002); // squirrel + variation selector
  });

  it('counts lone surrogates as one each, like Array.from(text).length', () => {
    for (const text of ['\udc00', '\ud800', 'a\udc00\ud800b', '\ud800\ud800\udc00', '\udc00😀']) {
      expect(countCodePoints(text)).toBe(Array.from(text).length);
    }
  });
});

describe('textCodePoints', () => {
  it('counts a text, and is undefined without one', () => {
    expect(textCodePoints({ text: 'a😀b' })).toBe(3);
    expect(textCodePoints({})).toBeUndefined();
  });

  it('answers what the store counted without reading the text', () => {
    const unread = (): { readonly text: string } => ({
      get text(): string {
        throw new Error('read');
      },
    });
    const counted = unread();
    rememberTextCodePoints(counted, 42);
    expect(textCodePoints(counted)).toBe(42);
    expect(() => textCodePoints(unread())).toThrow('read'); // the control: not counted, so read
  });
});
