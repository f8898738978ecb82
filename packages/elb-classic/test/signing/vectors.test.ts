import { describe, expect, it } from '@jest/globals';

import { canonicalUri } from '../../src/signing/canonical-request.js';
import { signRequest } from '../../src/signing/sign.js';
import { fixture } from '../helpers.js';

interface SigningVector {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  signedHeaders?: string[];
  body: string;
  ak: string;
  sk: string;
  expected: {
    canonicalUri?: string;
    signedHeaders?: string;
    canonicalRequestSha256?: string;
    signature: string;
    authorization?: string;
  };
}

const { vectors } = fixture<{ vectors: SigningVector[] }>('signing-vectors.json');

describe('signRequest against the published vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(2);
  });

  it.each(vectors.map((vector) => [vector.name, vector] as const))(
    'reproduces every expected value of "%s"',
    (_, vector) => {
      const url = new URL(vector.url);
      const request = {
        method: vector.method,
        url,
        headers: vector.headers,
        body: new TextEncoder().encode(vector.body),
      };
      const options = vector.signedHeaders ? { signedHeaders: vector.signedHeaders } : {};
      const signed = signRequest(request, { ak: vector.ak, sk: vector.sk }, options);
      const { expected } = vector;

      expect(signed.signature).toBe(expected.signature);
      if (expected.canonicalUri) expect(canonicalUri(url.pathname)).toBe(expected.canonicalUri);
      if (expected.signedHeaders) expect(signed.signedHeaders).toBe(expected.signedHeaders);
      if (expected.canonicalRequestSha256) {
        expect(signed.canonicalRequestSha256).toBe(expected.canonicalRequestSha256);
      }
      if (expected.authorization) expect(signed.authorization).toBe(expected.authorization);
    },
  );
});
