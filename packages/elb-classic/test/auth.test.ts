import { describe, expect, it, jest } from '@jest/globals';

import { tokenAuth, type ElbRequest, type TokenProviderContext } from '../src/auth.js';
import { everythingShown } from './helpers.js';

const request: ElbRequest = {
  method: 'GET',
  url: new URL('https://elb.example/v1.0/p/jobs/j'),
  headers: {},
  body: new Uint8Array(0),
};

describe('tokenAuth', () => {
  it('sets X-Auth-Token from a fixed token, and cannot refresh', async () => {
    const auth = tokenAuth('tok-1');

    await expect(auth.authorize(request)).resolves.toEqual({ 'x-auth-token': 'tok-1' });
    expect(auth.refresh).toBeUndefined();
  });

  it('asks a provider once, and again on refresh', async () => {
    const provider = jest.fn<() => Promise<string>>();
    provider.mockResolvedValueOnce('tok-1').mockResolvedValueOnce('tok-2');
    const auth = tokenAuth(provider);

    await auth.authorize(request);
    await expect(auth.authorize(request)).resolves.toEqual({ 'x-auth-token': 'tok-1' });
    await expect(auth.refresh?.()).resolves.toBe(true);
    await expect(auth.authorize(request)).resolves.toEqual({ 'x-auth-token': 'tok-2' });
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('reports a refresh that brought the same token as useless', async () => {
    const auth = tokenAuth(() => 'same');

    await auth.authorize(request);
    await expect(auth.refresh?.()).resolves.toBe(false);
  });

  it('asks the provider again after it failed', async () => {
    const provider = jest.fn<() => Promise<string>>();
    provider.mockRejectedValueOnce(new Error('IAM down')).mockResolvedValueOnce('tok-1');
    const auth = tokenAuth(provider);

    await expect(auth.authorize(request)).rejects.toThrow('IAM down');
    await expect(auth.authorize(request)).resolves.toEqual({ 'x-auth-token': 'tok-1' });
  });

  it('shares one provider call, going on while a request still waits for it', async () => {
    const signals: AbortSignal[] = [];
    let give: (token: string) => void = () => undefined;
    const auth = tokenAuth(({ signal }) => {
      if (signal) signals.push(signal);
      return new Promise<string>((resolve) => (give = resolve));
    });
    const [left, stays] = [new AbortController(), new AbortController()];
    const reason = new Error('poll abandoned');

    const first = auth.authorize(request, { signal: left.signal });
    const second = auth.authorize(request, { signal: stays.signal });
    await Promise.resolve();
    left.abort(reason);

    await expect(first).rejects.toBe(reason);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
    give('tok-1');
    await expect(second).resolves.toEqual({ 'x-auth-token': 'tok-1' });
  });

  it('aborts the provider call once every request waiting for it is abandoned', async () => {
    const provider = jest.fn(
      ({ signal }: TokenProviderContext) =>
        new Promise<string>((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason as Error));
        }),
    );
    const auth = tokenAuth(provider);
    const controllers = [new AbortController(), new AbortController()];
    const waiting = controllers.map(({ signal }) => auth.authorize(request, { signal }));
    await Promise.resolve();

    controllers.forEach((controller, i) => controller.abort(new Error(`gone ${i}`)));

    await expect(waiting[0]).rejects.toThrow('gone 0');
    await expect(waiting[1]).rejects.toThrow('gone 1');
    expect(provider.mock.calls[0]?.[0].signal?.reason).toEqual(new Error('gone 1'));
    provider.mockResolvedValueOnce('tok-2');
    await expect(auth.authorize(request)).resolves.toEqual({ 'x-auth-token': 'tok-2' });
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it.each(['', 'a b', 'tok\r\nX-Evil: 1', 'tök'])('refuses the token %p', (token) => {
    expect(() => tokenAuth(token)).toThrow(TypeError);
  });

  it('refuses a provided token with a line break, without showing it', async () => {
    const auth = tokenAuth(() => 'secret-value\nX-Evil: 1');
    const error = await auth.authorize(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect(everythingShown(error)).not.toContain('secret-value');
  });

  it('refuses what is neither a string nor a function', () => {
    expect(() => tokenAuth(42 as unknown as string)).toThrow(/option `token`/);
  });

  it('keeps the token out of sight', () => {
    expect(everythingShown(tokenAuth('secret-value'))).not.toContain('secret-value');
  });
});
