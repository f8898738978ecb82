import { createHash } from 'node:crypto';

import { componentBytes, textOf, uriEncode } from './uri-encode.js';

/** What the canonical request is built from. */
export interface CanonicalRequestParts {
  /** The HTTP method, as sent. */
  readonly method: string;
  /** The request's URL; only its path and query are read. */
  readonly url: URL;
  /** Header values by lower-case name; `host` among them. */
  readonly headers: ReadonlyMap<string, string>;
  /** The names of the headers to sign: lower case, sorted, each in `headers`. */
  readonly signedHeaders: readonly string[];
  /** The exact body bytes. */
  readonly body: Uint8Array;
}

/** The hex SHA-256 of `data` (a string as UTF-8). */
export function hexSha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The canonical request of `SDK-HMAC-SHA256`: the method, the canonical URI, the canonical
 * query, the canonical headers (each line ending in a line break), the signed header names
 * joined by `;` and the hex SHA-256 of the body, joined by line breaks.
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  const { method, url, headers, signedHeaders, body } = parts;

  return [
    method,
    canonicalUri(url.pathname),
    canonicalQuery(url.search),
    canonicalHeaders(headers, signedHeaders),
    signedHeaders.join(';'),
    hexSha256(body),
  ].join('\n');
}

/**
 * The canonical URI of an (encoded) path: each segment between slashes decoded to its bytes
 * and encoded again with only unreserved characters left as they are, and a slash added at the
 * end when there is none. The slash is for the signature only: the URL sent keeps its path.
 */
export function canonicalUri(pathname: string): string {
  const uri = pathname
    .split('/')
    .map((segment) => uriEncode(componentBytes(segment)))
    .join('/');

  return uri.endsWith('/') ? uri : `${uri}/`;
}

interface QueryPair {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
}

/**
 * The canonical query of a URL's `search` (with or without its `?`): every `name=value` pair
 * decoded (`+` is a space) and encoded again as {@link canonicalUri} encodes a segment, sorted
 * by name and then by value, and joined by `&`. A pair without `=` gets an empty value.
 */
export function canonicalQuery(search: string): string {
  const pairs = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => queryPair(pair));

  return pairs
    .sort(compareQueryPairs)
    .map(({ name, value }) => `${uriEncode(name)}=${uriEncode(value)}`)
    .join('&');
}

function queryPair(text: string): QueryPair {
  const equals = text.indexOf('=');
  const [name, value] =
    equals === -1 ? [text, ''] : [text.slice(0, equals), text.slice(equals + 1)];

  return {
    name: componentBytes(name, { plusIsSpace: true }),
    value: componentBytes(value, { plusIsSpace: true }),
  };
}

// Sorted as the official Node.js signer sorts them, by the decoded strings (UTF-16 order);
// bytes that are not UTF-8 decode alike, so their order falls back on the bytes.
function compareQueryPairs(a: QueryPair, b: QueryPair): number {
  return (
    compareText(textOf(a.name), textOf(b.name)) ||
    Buffer.compare(a.name, b.name) ||
    compareText(textOf(a.value), textOf(b.value)) ||
    Buffer.compare(a.value, b.value)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical headers: for each signed name in order, `name:value` with the value's leading
 * and trailing spaces and tabs removed, each followed by a line break.
 */
export function canonicalHeaders(
  headers: ReadonlyMap<string, string>,
  signedHeaders: readonly string[],
): string {
  return signedHeaders
    .map((name) => `${name}:${(headers.get(name) ?? '').replace(/^[ \t]+|[ \t]+$/g, '')}\n`)
    .join('');
}
