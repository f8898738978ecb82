import { describe, expect, it } from '@jest/globals';

import { signRequest } from '../../src/signing/sign.js';
import {
  verifySignature,
  type SecretKeyLookup,
  type VerifiableRequest,
} from '../../src/signing/verify.js';
import { everythingShown } from '../helpers.js';

const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const SIGNED_AT_MS = Date.parse('2024-05-14T08:12:03Z');
const lookup: SecretKeyLookup = (ak) => (ak === 'AK1' ? SK : undefined);
const clock = (): number => SIGNED_AT_MS + 60_000;

/** A request signed as a client would send it, as a server receives it. */
function signed(
  form: 'access' | 'credential' = 'access',
  body = '{"a":1}',
): { request: VerifiableRequest; authorization: string } {
  const headers = {
    host: 'elb.example:8443',
    'content-type': 'application/json',
    'x-sdk-date': '20240514T081203Z',
  };
  const url = new URL('https://elb.example:8443/v1.0/p/jobs/j?limit=1&a=b');
  const bytes = new TextEncoder().encode(body);
  const credentials = { ak: 'AK1', sk: SK, form, region: 'eu-de' } as const;
  const { authorization } = signRequest({ method: 'POST', url, headers, body: bytes }, credentials);
  const target = '/v1.0/p/jobs/j?limit=1&a=b';

  return {
    request: { method: 'POST', url: target, headers: { ...headers, authorization }, body: bytes },
    authorization,
  };
}

function withHeaders(request: VerifiableRequest, headers: Record<string, string | undefined>) {
  return { ...request, headers: { ...request.headers, ...headers } };
}

describe('verifySignature', () => {
  it.each(['access', 'credential'] as const)(
    'accepts a request signed in the %s form',
    async (form) => {
      await expect(verifySignature(signed(form).request, lookup, { clock })).resolves.toEqual({
        valid: true,
        accessKey: 'AK1',
        form,
        signedAtMs: SIGNED_AT_MS,
      });
    },
  );

  it('accepts a full URL and an asynchronous lookup', async () => {
    const { request } = signed();
    const url = new URL('https://elb.example:8443/v1.0/p/jobs/j?a=b&limit=1');
    const verdict = await verifySignature({ ...request, url }, async (ak) => lookup(ak), { clock });

    expect(verdict.valid).toBe(true);
  });

  it.each([
    ['body', (r: VerifiableRequest) => ({ ...r, body: new TextEncoder().encode('{"a":2}') })],
    ['path', (r: VerifiableRequest) => ({ ...r, url: '/v1.0/p/jobs/k?limit=1&a=b' })],
    ['query', (r: VerifiableRequest) => ({ ...r, url: '/v1.0/p/jobs/j?limit=2&a=b' })],
    ['method', (r: VerifiableRequest) => ({ ...r, method: 'PUT' })],
    ['date', (r: VerifiableRequest) => withHeaders(r, { 'x-sdk-date': '20240514T081204Z' })],
    ['host', (r: VerifiableRequest) => withHeaders(r, { host: 'elb.example' })],
    ['content type', (r: VerifiableRequest) => withHeaders(r, { 'content-type': 'text/plain' })],
  ])('refuses a request whose %s changed after signing', async (_, change) => {
    const verdict = await verifySignature(change(signed().request), lookup, { clock });

    expect(verdict).toMatchObject({ valid: false, reason: 'bad-signature', accessKey: 'AK1' });
  });

  it('refuses a request that lost a signed header', async () => {
    const request = withHeaders(signed().request, { 'content-type': undefined });

    await expect(verifySignature(request, lookup, { clock })).resolves.toMatchObject({
      reason: 'bad-signature',
      detail: 'the signed header content-type is missing from the request',
    });
  });

  it('refuses a request without Authorization', async () => {
    const request = withHeaders(signed().request, { authorization: undefined });

    await expect(verifySignature(request, lookup, { clock })).resolves.toMatchObject({
      valid: false,
      reason: 'missing-authorization',
    });
  });

  it.each([['Bearer abc'], ['SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=00']])(
    'refuses the malformed Authorization %p',
    async (authorization) => {
      const request = withHeaders(signed().request, { authorization });

      await expect(verifySignature(request, lookup, { clock })).resolves.toMatchObject({
        reason: 'malformed-authorization',
      });
    },
  );

  it.each([
    ['unsorted', 'x-sdk-date;host'],
    ['without host', 'content-type;x-sdk-date'],
    ['without x-sdk-date', 'content-type;host'],
  ])('refuses signed headers %s', async (_, names) => {
    const { request, authorization } = signed();
    const changed = authorization.replace(/SignedHeaders=[^,]+/, `SignedHeaders=${names}`);

    await expect(
      verifySignature(withHeaders(request, { authorization: changed }), lookup, { clock }),
    ).resolves.toMatchObject({ reason: 'malformed-authorization' });
  });

  it('refuses a credential scope whose day differs from X-Sdk-Date', async () => {
    const { request, authorization } = signed('credential');
    const changed = authorization.replace('20240514/', '20240513/');

    await expect(
      verifySignature(withHeaders(request, { authorization: changed }), lookup, { clock }),
    ).resolves.toMatchObject({
      reason: 'malformed-authorization',
      detail: 'the day of the credential scope differs from X-Sdk-Date',
    });
  });

  it.each([undefined, '2024-05-14T08:12:03Z'])('refuses the X-Sdk-Date %p', async (date) => {
    const request = withHeaders(signed().request, { 'x-sdk-date': date });

    await expect(verifySignature(request, lookup, { clock })).resolves.toMatchObject({
      reason: 'malformed-date',
      accessKey: 'AK1',
    });
  });

  it('refuses an unknown AK', async () => {
    await expect(verifySignature(signed().request, () => undefined, { clock })).resolves.toEqual({
      valid: false,
      reason: 'unknown-access-key',
      detail: 'AK AK1 is unknown',
      accessKey: 'AK1',
    });
  });

  it('refuses a signature made with another SK', async () => {
    const verdict = await verifySignature(signed().request, () => `${SK}x`, { clock });

    expect(verdict).toMatchObject({ reason: 'bad-signature' });
  });

  it.each([
    ['15 minutes early', -900_000, true],
    ['15 minutes late', 900_000, true],
    ['over 15 minutes early', -901_000, false],
    ['over 15 minutes late', 901_000, false],
  ])('judges a date %s by the default window', async (_, offsetMs, valid) => {
    const verdict = await verifySignature(signed().request, lookup, {
      clock: () => SIGNED_AT_MS + offsetMs,
    });

    expect(verdict.valid).toBe(valid);
    if (!verdict.valid) {
      expect(verdict).toMatchObject({
        reason: 'date-skew',
        signedAtMs: SIGNED_AT_MS,
        verifiedAtMs: SIGNED_AT_MS + offsetMs,
      });
    }
  });

  it('takes a window of its own', async () => {
    const options = { clock: () => SIGNED_AT_MS + 2000, maxSkewMs: 1000 };

    await expect(verifySignature(signed().request, lookup, options)).resolves.toMatchObject({
      reason: 'date-skew',
    });
  });

  it('refuses an invalid option before reading the request', async () => {
    const { request } = signed();

    await expect(verifySignature(request, lookup, { maxSkewMs: -1 })).rejects.toThrow(RangeError);
    await expect(verifySignature(request, 'x' as never)).rejects.toThrow(/option `lookup`/);
    await expect(verifySignature(request, lookup, { clock: 1 as never })).rejects.toThrow(
      /option `clock`/,
    );
  });

  it('refuses a lookup that gives other than a non-empty string or undefined', async () => {
    await expect(verifySignature(signed().request, () => '')).rejects.toThrow(TypeError);
  });

  it('keeps the SK out of every verdict', async () => {
    const { request } = signed();
    const verdicts = await Promise.all([
      verifySignature(request, lookup, { clock }),
      verifySignature(request, () => `${SK}x`, { clock }),
      verifySignature(request, lookup, { clock: () => 0 }),
    ]);

    expect(everythingShown(verdicts)).not.toContain(SK);
  });
});
