import { SharedTask } from './shared-task.js';

/**
 * One HTTP request about to be sent, as an {@link ElbAuth} sees it. Every field is exactly what
 * goes on the wire, so a signer can sign these bytes.
 */
export interface ElbRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The full URL, path already encoded. A copy: changing it changes nothing. */
  readonly url: URL;
  /** The headers the client sends besides the ones `authorize` adds, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes; empty for a `GET`. */
  readonly body: Uint8Array;
}

/**
 * What the client tells an {@link ElbAuth} besides the request: when its work is no longer
 * wanted.
 */
export interface ElbAuthContext {
  /**
   * Aborts when the request is no longer wanted: the poll was abandoned (the wait was aborted,
   * timed out, or the poll took too long) or the client was closed. An auth that fetches
   * credentials over the network should stop then and reject with `signal.reason`, so that no
   * socket or timer outlives the wait. The client always gives one.
   */
  readonly signal?: AbortSignal;
}

/**
 * Adds credentials to requests. The client calls `authorize` once for every request it sends,
 * a retry included, so a signer can stamp each with a fresh date and sign its exact bytes; an
 * IAM token adds a header. This is the seam where AK/SK signing (`SDK-HMAC-SHA256`) or a
 * caller's own signer plugs in.
 */
export interface ElbAuth {
  /**
   * The headers to add to `request`: valid header names, and values of Latin-1 characters
   * without line breaks or other control characters. The client refuses any other with a
   * `TypeError` that names the header but never shows its value, which ends the wait at once.
   * Every value of 8 characters or more counts as a credential, but those of `X-Sdk-Date` and
   * `X-Project-Id` (and the `Signature=` part of a signed `Authorization` on its own): should
   * the server echo it, errors and job bodies show `[redacted]` in its place.
   */
  authorize(request: ElbRequest, context?: ElbAuthContext): Promise<Record<string, string>>;
  /**
   * Called after a `401` that says the credentials are expired or invalid (see
   * {@link invitesRefresh}), when present: at most once for a request, once for requests that
   * meet the 401 together, and never for credentials that it gave and that were rejected
   * before any `2xx` accepted them. Resolves `true` when new credentials were obtained and the
   * request is worth sending once more; `false` ends the poll with the 401.
   */
  refresh?(context?: ElbAuthContext): Promise<boolean>;
}

/** What {@link tokenAuth} tells a {@link TokenProvider} when it asks for a token. */
export interface TokenProviderContext {
  /**
   * True when the gateway has just rejected the last token: a provider that caches tokens must
   * not answer from its cache but obtain a new one. False for the first request.
   */
  readonly forceRefresh: boolean;
  /**
   * Aborts once no request waits for the token any more (each poll abandoned, or the client
   * closed): a provider that asks a server should stop then, and reject with `signal.reason`.
   * `tokenAuth` always gives one; requests that wait for the same token share it, and it
   * aborts only when all of them have stopped waiting.
   */
  readonly signal?: AbortSignal;
}

/**
 * Supplies an IAM token, for example from a cache that renews it, such as
 * `iamPasswordTokenProvider()`. A function that takes no argument will do too.
 */
export type TokenProvider = (context: TokenProviderContext) => string | Promise<string>;

/**
 * The provider codes of a `401` that say the credentials are expired or invalid, so that new
 * ones may help: the gateway's `APIGW.0307` ("the token must be updated") and `APIGW.0301`
 * ("incorrect IAM authentication information", which some regions send for an expired token),
 * both also spelt `APIG.`, and the service's `ELB.1102` to `ELB.1105` ("the token is
 * invalid"). A `401` without a code counts too; one with any other code does not.
 */
export const CREDENTIAL_REJECTED_CODES: ReadonlySet<string> = new Set([
  'APIGW.0301',
  'APIGW.0307',
  'APIG.0301',
  'APIG.0307',
  'ELB.1102',
  'ELB.1103',
  'ELB.1104',
  'ELB.1105',
]);

/**
 * Whether an answer says the credentials were rejected in a way that new ones may cure: a
 * `401` whose code is in {@link CREDENTIAL_REJECTED_CODES}, or that has no code.
 */
export function invitesRefresh(statusCode: number, errorCode: string | undefined): boolean {
  return (
    statusCode === 401 && (errorCode === undefined || CREDENTIAL_REJECTED_CODES.has(errorCode))
  );
}

/**
 * Authenticates with an IAM token in the `X-Auth-Token` header.
 *
 * Given a string, the token is fixed and a 401 is final. Given a function, it is called for the
 * first request (with `forceRefresh: false`) and again on a 401 that invites a refresh (with
 * `forceRefresh: true`, so that a caching provider fetches a new token), and the token it
 * returns is kept for later requests; the refresh counts as useful only when the token changed.
 * Requests that need a token at the same time share one call of the provider, whose `signal`
 * aborts once all of them have been abandoned; a request abandoned alone stops waiting at once.
 *
 * @throws TypeError when `token` is neither a non-empty string without control characters nor
 *   a function. The token itself never appears in a message.
 */
export function tokenAuth(token: string | TokenProvider): ElbAuth {
  if (typeof token === 'string') {
    assertToken(token);
    const headers = { 'x-auth-token': token };

    return { authorize: () => Promise.resolve({ ...headers }) };
  }

  if (typeof token !== 'function') {
    throw new TypeError(
      `Expected option \`token\` to be a string or a function, got ${typeof token}`,
    );
  }

  return providedTokenAuth(token);
}

function providedTokenAuth(provider: TokenProvider): ElbAuth {
  let current: SharedTask<string> | undefined;

  const fetchToken = (forceRefresh: boolean): SharedTask<string> => {
    const next = new SharedTask(async (signal) => {
      try {
        return checkedToken(await provider({ forceRefresh, signal }));
      } catch (error) {
        // A failed fetch is not kept, so the next request asks the provider again.
        if (current === next) current = undefined;
        throw error;
      }
    });
    current = next;

    return next;
  };

  return {
    async authorize(_request, { signal } = {}) {
      const token = current === undefined || current.abandoned ? fetchToken(false) : current;

      return { 'x-auth-token': await token.join(signal) };
    },
    async refresh({ signal } = {}) {
      const previous = await current?.join(signal).catch(() => undefined);
      signal?.throwIfAborted();

      return (await fetchToken(true).join(signal)) !== previous;
    },
  };
}

// Printable ASCII only: a header value with a line break or a control character would let a
// token rewrite the request.
const TOKEN = /^[\x21-\x7e]+$/;

function checkedToken(value: unknown): string {
  assertToken(value);

  return value;
}

function assertToken(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !TOKEN.test(value)) {
    throw new TypeError(
      'Expected option `token` to be a non-empty string of printable ASCII characters',
    );
  }
}
