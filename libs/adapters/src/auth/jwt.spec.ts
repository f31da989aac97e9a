import { createHmac } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt';

describe('verifyJwt: strict base64url parts', () => {
  const secret = Buffer.from('k1');
  const token = signJwt({ sub: 'a', typ: 'access', sid: 's', iat: 0, exp: 10 }, secret);
  const [header, payload, sig] = token.split('.');

  it('accepts the token as signed', () => {
    expect(verifyJwt(token, secret, 5)).toMatchObject({ sub: 'a' });
  });

  it.each([
    ['trailing junk on the signature', `${header}.${payload}.${sig}AAAA`],
    ['one extra letter on the signature', `${header}.${payload}.${sig}A`],
    ['padding on the signature', `${header}.${payload}.${sig}=`],
    ['padding on the payload', `${header}.${payload}==.${sig}`],
    ['standard base64 letters', `${header}.${payload.replace(/-/g, '+').replace(/_/g, '/')}x+/.${sig}`],
    ['whitespace inside', `${header}.${payload}.${sig.slice(0, 5)} ${sig.slice(5)}`],
    ['a newline after the signature', `${token}\n`],
    ['non-ASCII letters', `${header}.${payload}.${sig.slice(0, -1)}é`],
    ['a fourth part', `${token}.`],
    ['an empty payload', `${header}..${sig}`],
  ])('refuses %s', (_what, tampered) => {
    expect(verifyJwt(tampered, secret, 5)).toBe('malformed');
  });

  it('refuses a well-signed payload that is not a JSON object', () => {
    const body = `${header}.${Buffer.from('null').toString('base64url')}`;
    const signed = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    expect(verifyJwt(signed, secret, 5)).toBe('malformed');
  });

  it('refuses a non-canonical signature (other unused trailing bits, same bytes)', () => {
    // The last letter of a 43-letter signature carries 4 data bits and 2 unused ones.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig[sig.length - 1]);
    const twin = `${sig.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(verifyJwt(`${header}.${payload}.${twin}`, secret, 5)).toBe('malformed');
  });
});
