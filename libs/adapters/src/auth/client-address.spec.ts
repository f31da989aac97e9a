import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('is the TCP peer without trusted proxies, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('::ffff:10.0.0.9', '1.2.3.4', 0)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', undefined, 0)).toBe('10.0.0.9');
  });

  it('takes the address the nearest trusted proxy saw, never the client-supplied entries', () => {
    expect(clientAddress('10.0.0.9', '6.6.6.6, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.9', ['6.6.6.6', '203.0.113.5, 10.0.0.8'], 2)).toBe('203.0.113.5');
  });

  it('falls back to the leftmost entry when fewer hops are present than configured', () => {
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
  });
});
