import { inspect } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { classifyElbError } from '../../src/classify.js';
import { IamTokenError } from '../../src/iam/errors.js';
import {
  iamPasswordTokenProvider,
  type IamPasswordTokenProviderOptions,
} from '../../src/iam/password-token-provider.js';
import { everythingShown, ManualClock, rejectionOf, thrownBy } from '../helpers.js';
import { startIamServer, tokenAnswer, type IamServer } from './iam-server.js';

const PASSWORD = 'Pa55word-never-shown';
const MINUTE_MS = 60_000;

let iam: IamServer;
let clock: ManualClock;

beforeEach(async () => {
  iam = await startIamServer();
  clock = new ManualClock();
});

afterEach(async () => {
  await iam.close();
});

function options(
  overrides: Partial<IamPasswordTokenProviderOptions> = {},
): IamPasswordTokenProviderOptions {
  return {
    iamEndpoint: iam.url,
    username: 'deployer',
    password: PASSWORD,
    domainName: 'acme-account',
    projectId: '3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f',
    clock,
    ...overrides,
  };
}

/** Answers with `token-1`, `token-2`, … issued at the manual clock's time, for `lifetimeMs`. */
function tokensFor(lifetimeMs: number) {
  iam.respond((_request, index) =>
    tokenAnswer(`token-${index + 1}`, { issuedAtMs: clock.now(), lifetimeMs }),
  );
}

describe('iamPasswordTokenProvider', () => {
  it('posts a Keystone password sign-in and reads the token from X-Subject-Token', async () => {
    const provider = iamPasswordTokenProvider(options());

    await expect(provider()).resolves.toBe('token-1');

    expect(iam.requests).toHaveLength(1);
    expect(iam.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v3/auth/tokens?nocatalog=true',
      headers: { 'content-type': 'application/json;charset=utf8' },
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: 'deployer', password: PASSWORD, domain: { name: 'acme-account' } },
            },
          },
          scope: { project: { id: '3f0c9a1e6b7d4c2a9e8f1a2b3c4d5e6f' } },
        },
      },
    });
  });

  it('scopes the token by project name when given projectName', async () => {
    const provider = iamPasswordTokenProvider(
      options({ projectId: undefined, projectName: 'eu-de' }),
    );

    await provider();

    expect(iam.requests[0]?.body).toMatchObject({
      auth: { scope: { project: { name: 'eu-de' } } },
    });
  });

  it('drops a trailing /v3 from the IAM endpoint, as OS_AUTH_URL holds it', async () => {
    await iamPasswordTokenProvider(options({ iamEndpoint: `${iam.url}/v3/` }))();

    expect(iam.requests[0]?.path).toBe('/v3/auth/tokens?nocatalog=true');
  });

  it('keeps the token until the margin before its expiry when the clock moves', async () => {
    tokensFor(60 * MINUTE_MS);
    const provider = iamPasswordTokenProvider(options({ refreshMarginMs: 5 * MINUTE_MS }));

    const first = await provider();
    clock.advance(55 * MINUTE_MS - 1);
    const beforeMargin = await provider();
    clock.advance(1);
    const atMargin = await provider();

    expect([first, beforeMargin, atMargin]).toEqual(['token-1', 'token-1', 'token-2']);
    expect(iam.requests).toHaveLength(2);
  });

  it('renews the token after it expired', async () => {
    tokensFor(60 * MINUTE_MS);
    const provider = iamPasswordTokenProvider(options({ refreshMarginMs: 0 }));

    await provider();
    clock.advance(61 * MINUTE_MS);

    await expect(provider()).resolves.toBe('token-2');
  });

  it('counts the lifetime IAM gave when the local clock is years off', async () => {
    const issuedAtMs = Date.parse('2020-01-03T09:05:22.701Z');
    iam.respond(() => tokenAnswer('skewed', { issuedAtMs, lifetimeMs: 60 * MINUTE_MS }));
    const provider = iamPasswordTokenProvider(options());

    await provider();
    clock.advance(30 * MINUTE_MS);

    await expect(provider()).resolves.toBe('skewed');
    expect(iam.requests).toHaveLength(1);
  });

  it('keeps a token that lives shorter than twice the margin for half its life', async () => {
    tokensFor(4 * MINUTE_MS);
    const provider = iamPasswordTokenProvider(options({ refreshMarginMs: 5 * MINUTE_MS }));

    await provider();
    clock.advance(2 * MINUTE_MS - 1);
    const kept = await provider();
    clock.advance(1);

    expect([kept, await provider()]).toEqual(['token-1', 'token-2']);
  });

  it('fetches a new token when forced, whatever the cache holds', async () => {
    const provider = iamPasswordTokenProvider(options());

    await provider();
    const forced = await provider({ forceRefresh: true });

    expect(forced).toBe('token-2');
    await expect(provider()).resolves.toBe('token-2');
    expect(iam.requests).toHaveLength(2);
  });

  it('sends one request for concurrent callers, forced ones included', async () => {
    const provider = iamPasswordTokenProvider(options());

    const tokens = await Promise.all([
      provider(),
      provider(),
      provider({ forceRefresh: true }),
      provider({ forceRefresh: false }),
    ]);

    expect(tokens).toEqual(['token-1', 'token-1', 'token-1', 'token-1']);
    expect(iam.requests).toHaveLength(1);
  });

  it('asks IAM again after a failed request', async () => {
    iam.respond((_request, index) =>
      index === 0 ? { statusCode: 503, body: { error_msg: 'busy' } } : tokenAnswer('later'),
    );
    const provider = iamPasswordTokenProvider(options());

    await expect(provider()).rejects.toMatchObject({ problem: 'http', statusCode: 503 });
    await expect(provider()).resolves.toBe('later');
  });
});

describe('iamPasswordTokenProvider on failures', () => {
  it('rejects bad credentials with a typed error that never shows the password', async () => {
    iam.respond(() => ({
      statusCode: 401,
      headers: { 'x-request-id': 'req-7' },
      body: {
        error: {
          code: 401,
          message: `The username or password is wrong: ${PASSWORD}`,
          title: 'Unauthorized',
        },
      },
    }));

    const error = await rejectionOf(iamPasswordTokenProvider(options())());

    expect(error).toBeInstanceOf(IamTokenError);
    expect(error).toMatchObject({
      code: 'ERR_IAM_TOKEN',
      problem: 'rejected',
      statusCode: 401,
      errorMessage: 'The username or password is wrong: [redacted]',
      requestId: 'req-7',
    });
    expect(everythingShown(error)).not.toContain(PASSWORD);
    expect(inspect(error, { showHidden: true, depth: 10 })).not.toContain(PASSWORD);
  });

  it('reads the gateway envelope of an error answer', async () => {
    iam.respond(() => ({
      statusCode: 403,
      body: { error_code: 'IAM.0002', error_msg: 'forbidden', request_id: 'abc' },
    }));

    await expect(iamPasswordTokenProvider(options())()).rejects.toMatchObject({
      problem: 'http',
      statusCode: 403,
      errorCode: 'IAM.0002',
      errorMessage: 'forbidden',
      requestId: 'abc',
    });
  });

  it('does not follow a redirect, which would carry the password elsewhere', async () => {
    iam.respond(() => ({ statusCode: 307, headers: { location: 'http://127.0.0.1:9/' } }));

    await expect(iamPasswordTokenProvider(options())()).rejects.toMatchObject({
      problem: 'http',
      statusCode: 307,
    });
    expect(iam.requests).toHaveLength(1);
  });

  it.each([
    ['no X-Subject-Token header', { ...tokenAnswer('t'), headers: {} }, /X-Subject-Token/],
    ['a token with a tab', tokenAnswer('tok\tx'), /X-Subject-Token/],
    ['no token.expires_at', { ...tokenAnswer('t'), body: { token: {} } }, /expires_at/],
    [
      'an expiry that is no date',
      { ...tokenAnswer('t'), body: { token: { expires_at: 'soon' } } },
      /expires_at/,
    ],
    ['a body that is not JSON', { ...tokenAnswer('t'), body: '<html>' }, /expires_at/],
  ])('refuses an answer with %s as malformed', async (_name, answer, detail) => {
    iam.respond(() => answer);

    const error = await rejectionOf(iamPasswordTokenProvider(options())());

    expect(error).toMatchObject({ problem: 'malformed', statusCode: 201 });
    expect((error as Error).message).toMatch(detail);
  });

  it('fails as a transient network problem when IAM cannot be reached', async () => {
    const provider = iamPasswordTokenProvider(options());
    await iam.close();

    const error = await rejectionOf(provider());

    expect(error).toMatchObject({ problem: 'network', networkCode: 'ECONNREFUSED' });
    expect(classifyElbError(error)).toEqual({ type: 'transient' });
    expect(everythingShown(error)).not.toContain(PASSWORD);
  });
});

describe('iamPasswordTokenProvider options', () => {
  it.each([
    ['username', { username: '' }, /option `username`/],
    ['username', { username: 'a\nb' }, /option `username`/],
    ['domainName', { domainName: undefined }, /option `domainName`/],
    ['projectId and projectName', { projectName: 'eu-de' }, /not both/],
    ['no project', { projectId: undefined }, /`projectId` or option `projectName`/],
    ['refreshMarginMs', { refreshMarginMs: -1 }, /option `refreshMarginMs`/],
    ['requestTimeoutMs', { requestTimeoutMs: 0 }, /option `requestTimeoutMs`/],
    ['clock', { clock: {} as ManualClock }, /option `clock.now`/],
    ['no endpoint', { iamEndpoint: undefined }, /option `iamEndpoint`/],
    ['endpoint and cloud', { cloud: 'otc' as const }, /not both/],
  ])('refuses %s before any request', (_name, overrides, message) => {
    expect(() => iamPasswordTokenProvider(options(overrides))).toThrow(message);
    expect(iam.requests).toHaveLength(0);
  });

  it.each([
    ['refreshMargin', 'refreshMarginMs'],
    ['requestTimeout', 'requestTimeoutMs'],
    ['domain_name', 'domainName'],
    ['UserName', 'username'],
  ])('refuses the unknown option `%s` before any request, naming `%s`', (name, like) => {
    const make = () =>
      iamPasswordTokenProvider({
        ...options(),
        [name]: PASSWORD,
      });

    expect(make).toThrow(TypeError);
    expect(make).toThrow(`Unknown option \`${name}\` (did you mean \`${like}\`?)`);
    expect(everythingShown(thrownBy(make))).not.toContain(PASSWORD);
    expect(iam.requests).toHaveLength(0);
  });

  it.each([PASSWORD.replace('-', '\n'), '', 42])(
    'refuses the password %#, without showing it',
    (password) => {
      const error = (() => {
        try {
          iamPasswordTokenProvider(options({ password: password as string }));
        } catch (e) {
          return e;
        }
      })();

      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/option `password`/);
      expect(everythingShown(error)).not.toContain('Pa55word');
    },
  );

  it('keeps the password out of sight when the provider is inspected', () => {
    const provider = iamPasswordTokenProvider(options());

    expect(everythingShown(provider)).not.toContain(PASSWORD);
  });
});
