import { hostName, hostPolicy } from './allowed-hosts';

describe('allowed hosts', () => {
  it('reads the name of a Host header', () => {
    expect(hostName('LocalHost:8080')).toBe('localhost');
    expect(hostName('[::1]:80')).toBe('[::1]');
    expect(hostName('example.org.')).toBe('example.org');
    expect(hostName('a:b:c')).toBeUndefined();
    expect(hostName('x:99999999')).toBeUndefined();
    expect(hostName(undefined)).toBeUndefined();
  });

  it('answers only loopback names when bound to loopback and nothing is configured', () => {
    const ok = hostPolicy({ host: '127.0.0.1' });
    for (const h of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST', '127.0.0.1'])
      expect({ h, ok: ok(h) }).toEqual({ h, ok: true });
    for (const h of ['evil.example', 'evil.example:8080', '10.0.0.1', 'localhost.evil.example', '', undefined])
      expect({ h, ok: ok(h) }).toEqual({ h, ok: false });
  });

  it('bound elsewhere, also answers IP-address hosts (cannot be rebound) but not unlisted names', () => {
    const ok = hostPolicy({ host: '0.0.0.0' });
    expect(ok('10.1.2.3:8080')).toBe(true);
    expect(ok('[fd00::1]:8080')).toBe(true);
    expect(ok('localhost')).toBe(true);
    expect(ok('okapi.example.org')).toBe(false);
  });

  it('uses the configured list, or anything with *', () => {
    const ok = hostPolicy({ host: '0.0.0.0', allowedHosts: ['okapi.example.org'] });
    expect(ok('okapi.example.org:443')).toBe(true);
    expect(ok('OKAPI.example.org')).toBe(true);
    expect(ok('localhost')).toBe(false);
    expect(ok('10.1.2.3')).toBe(true);
    expect(hostPolicy({ host: '127.0.0.1', allowedHosts: ['okapi.test'] })('10.1.2.3')).toBe(false);
    expect(hostPolicy({ host: '127.0.0.1', allowedHosts: ['*'] })('anything.example')).toBe(true);
  });
});
