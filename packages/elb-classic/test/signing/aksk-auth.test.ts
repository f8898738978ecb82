import { describe, expect, it } from '@jest/globals';

import { akskAuth, type AkskAuthOptions } from '../../src/aksk-auth.js';
import type { ElbRequest } from '../../src/auth.js';
import { verifySignature } from '../../src/signing/verify.js';
import { everythingShown, ManualClock, thrownBy } from '../helpers.js';

const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const SECURITY_TOKEN = 'gQpzZWN1cml0eS10b2tlbi1vZi10ZW1wb3JhcnktY3JlZGVudGlhbHM';

const request: ElbRequest = {
  method: 'GET',
  url: new URL('https://elb.eu-de.otc.t-systems.com/v1.0/p/jobs/j'),
  headers: { accept: 'application/json', 'content-type': 'application/json' },
  body: new Uint8Array(0),
};

/** The request as the server receives it with the headers `authorize` gave. */
function received(headers: Record<string, string>) {
  return {
    method: request.method,
    url: request.url,
    headers: { ...request.headers, host: request.url.host, ...headers },
    body: request.body,
  };
}

describe('akskAuth', () => {
  it('adds X-Sdk-Date and an Access= Authorization by default', async () => {
    const clock = new ManualClock();
    const headers = await akskAuth({ ak: 'AK1', sk: SK, clock: () => clock.now() }).authorize(
      request,
    );

    expect(Object.keys(headers).sort()).toEqual(['authorization', 'x-sdk-date']);
    expect(headers['x-sdk-date']).toBe('20240514T081203Z');
    expect(headers['authorization']).toMatch(
      /^SDK-HMAC-SHA256 Access=AK1, SignedHeaders=content-type;host;x-sdk-date, Signature=\w{64}$/,
    );
  });

  it('sends and signs X-Project-Id and X-Security-Token when given', async () => {
    const auth = akskAuth({ ak: 'AK1', sk: SK, projectId: 'p1', securityToken: SECURITY_TOKEN });
    const headers = await auth.authorize(request);

    expect(headers).toMatchObject({ 'x-project-id': 'p1', 'x-security-token': SECURITY_TOKEN });
    expect(headers['authorization']).toContain(
      'SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,',
    );
  });

  it('signs in the credential form with the region and the default service elb', async () => {
    const clock = new ManualClock();
    const options = { ak: 'AK1', sk: SK, form: 'credential', region: 'eu-de' } as const;
    const headers = await akskAuth({ ...options, clock: () => clock.now() }).authorize(request);

    expect(headers['authorization']).toMatch(
      /^SDK-HMAC-SHA256 Credential=AK1\/20240514\/eu-de\/elb\/sdk_request, SignedHeaders=/,
    );
  });

  it('gives signatures that verifySignature accepts in both forms', async () => {
    for (const form of ['access', 'credential'] as const) {
      const auth = akskAuth({ ak: 'AK1', sk: SK, form, region: 'eu-de', projectId: 'p1' });
      const verdict = await verifySignature(received(await auth.authorize(request)), () => SK);

      expect(verdict).toMatchObject({ valid: true, form });
    }
  });

  it('stamps a fresh date on every call, so a retry is signed afresh', async () => {
    const clock = new ManualClock();
    const auth = akskAuth({ ak: 'AK1', sk: SK, clock: () => clock.now() });
    const first = await auth.authorize(request);
    clock.advance(2000);
    const second = await auth.authorize(request);

    expect(second['x-sdk-date']).toBe('20240514T081205Z');
    expect(second['authorization']).not.toBe(first['authorization']);
  });

  it('adds clockOffsetMs to the clock when the host clock drifts', async () => {
    const clock = new ManualClock();
    const auth = akskAuth({
      ak: 'AK1',
      sk: SK,
      clockOffsetMs: -3_600_000,
      clock: () => clock.now(),
    });

    expect((await auth.authorize(request))['x-sdk-date']).toBe('20240514T071203Z');
  });

  it('signs the exact body bytes', async () => {
    const clock = new ManualClock();
    const auth = akskAuth({ ak: 'AK1', sk: SK, clock: () => clock.now() });
    const a = await auth.authorize({ ...request, body: Uint8Array.from([1]) });
    const b = await auth.authorize({ ...request, body: Uint8Array.from([2]) });

    expect(a['authorization']).not.toBe(b['authorization']);
  });

  it('cannot refresh, so a 401 is final', () => {
    expect(akskAuth({ ak: 'AK1', sk: SK }).refresh).toBeUndefined();
  });

  it('rejects the request when the clock gives no time', async () => {
    const auth = akskAuth({ ak: 'AK1', sk: SK, clock: () => Number.NaN });

    await expect(auth.authorize(request)).rejects.toThrow(/option `clock`/);
  });

  it.each([
    ['options', 'null', null, TypeError],
    ['ak', 'missing', { sk: SK }, TypeError],
    ['ak', 'spaced', { ak: 'AK 1', sk: SK }, TypeError],
    ['sk', 'missing', { ak: 'AK1' }, TypeError],
    ['sk', 'empty', { ak: 'AK1', sk: '' }, TypeError],
    [
      'securityToken',
      'broken',
      { ak: 'AK1', sk: SK, securityToken: `${SECURITY_TOKEN}\n` },
      TypeError,
    ],
    ['projectId', 'empty', { ak: 'AK1', sk: SK, projectId: '' }, TypeError],
    ['form', 'unknown', { ak: 'AK1', sk: SK, form: 'V11' }, TypeError],
    [
      'region',
      'missing from the credential form',
      { ak: 'AK1', sk: SK, form: 'credential' },
      TypeError,
    ],
    ['region', 'holding a slash', { ak: 'AK1', sk: SK, region: 'eu/de' }, TypeError],
    ['service', 'empty', { ak: 'AK1', sk: SK, service: '' }, TypeError],
    ['clockOffsetMs', 'a string', { ak: 'AK1', sk: SK, clockOffsetMs: '5' }, TypeError],
    ['clockOffsetMs', 'infinite', { ak: 'AK1', sk: SK, clockOffsetMs: Infinity }, RangeError],
    ['clock', 'a number', { ak: 'AK1', sk: SK, clock: 5 }, TypeError],
  ])('names option `%s` when it is %s', (name, _, options, type) => {
    expect(() => akskAuth(options as unknown as AkskAuthOptions)).toThrow(type);
    expect(() => akskAuth(options as unknown as AkskAuthOptions)).toThrow(`option \`${name}\``);
  });

  it.each([
    ['securitytoken', { securitytoken: SECURITY_TOKEN }, 'securityToken'],
    ['projectid', { projectid: 'p1' }, 'projectId'],
    ['security_token', { security_token: SECURITY_TOKEN }, 'securityToken'],
    ['clockOffset', { clockOffset: 90_000 }, 'clockOffsetMs'],
  ])('refuses the unknown option `%s`, naming the one it resembles', (name, extra, like) => {
    const make = () => akskAuth({ ak: 'AK1', sk: SK, ...extra });

    expect(make).toThrow(TypeError);
    expect(make).toThrow(`Unknown option \`${name}\` (did you mean \`${like}\`?)`);
    expect(everythingShown(thrownBy(make))).not.toContain(SECURITY_TOKEN);
  });

  it('refuses an unknown option that resembles none, listing the known ones', () => {
    expect(() => akskAuth({ ak: 'AK1', sk: SK, token: 'x' } as AkskAuthOptions)).toThrow(
      /^Unknown option `token`; known: ak, sk, securityToken, /,
    );
  });

  it('takes the credentials that credentialsFromEnv found, as they are', () => {
    const found = {
      kind: 'aksk',
      variables: ['HW_ACCESS_KEY', 'HW_SECRET_KEY'],
      ak: 'AK1',
      sk: SK,
    };

    expect(akskAuth(found).authorize).toBeInstanceOf(Function);
  });

  it('never shows the SK or the security token in an error', () => {
    const errors = [
      { ak: 'AK 1', sk: SK, securityToken: SECURITY_TOKEN },
      { ak: 'AK1', sk: SK, securityToken: `${SECURITY_TOKEN}\n` },
      { ak: 'AK1', sk: SK, securityToken: SECURITY_TOKEN, form: 'credential' },
    ].map((options) => {
      try {
        return akskAuth(options as AkskAuthOptions);
      } catch (error) {
        return error;
      }
    });

    expect(errors.every((error) => error instanceof TypeError)).toBe(true);
    expect(everythingShown(errors)).not.toContain(SK);
    expect(everythingShown(errors)).not.toContain(SECURITY_TOKEN);
  });

  it('keeps the SK out of sight of the auth object', () => {
    expect(
      everythingShown(akskAuth({ ak: 'AK1', sk: SK, securityToken: SECURITY_TOKEN })),
    ).not.toMatch(new RegExp(`${SK}|${SECURITY_TOKEN}`));
  });
});
