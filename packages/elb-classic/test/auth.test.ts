import { describe, expect, it, jest } from '@jest/globals';

import { tokenAuth, type ElbRequest } from '../src/auth.js';
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
