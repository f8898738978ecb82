import { assertObject, describe } from './validate.js';

/** The longest project or job id accepted. Real ids are 32 characters. */
export const MAX_ID_LENGTH = 128;

/**
 * What a job-creating call of the classic ELB API answers. Only `job_id` is used: the `uri`
 * names a `/v1/` path, while jobs are polled at `/v1.0/`.
 */
export interface ElbCreateResponse {
  /** The id of the job the call created. */
  readonly job_id: string;
  /** The job's path as the create call names it (`/v1/…`); not used. */
  readonly uri?: string;
}

// Whitespace, control characters, and characters that would end or escape a path segment.
const FORBIDDEN = /[\s\p{Cc}/\\?#]/u;

// URL normalisation drops a `.` segment and climbs on `..`, so the request would go elsewhere.
const DOTS_ONLY = /^\.+$/;

/**
 * Checks that option `name` is an id that can stand as one path segment: a non-empty,
 * well-formed string (no lone UTF-16 surrogate) of at most {@link MAX_ID_LENGTH} characters,
 * not made of dots only (`.`, `..`), without whitespace, control characters, `/`, `\`, `?`,
 * `#` or `..`.
 *
 * @throws TypeError naming the option.
 */
export function assertId(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(
      `Expected option \`${name}\` to be a non-empty string, got ${describe(value)}`,
    );
  }

  if (value.length > MAX_ID_LENGTH) {
    throw new TypeError(
      `Expected option \`${name}\` to be at most ${MAX_ID_LENGTH} characters, got ${value.length}`,
    );
  }

  // encodeURIComponent throws on a lone surrogate, which would happen mid-wait.
  if (!value.isWellFormed()) {
    throw new TypeError(
      `Expected option \`${name}\` to be a well-formed string, without a lone UTF-16 surrogate`,
    );
  }

  if (DOTS_ONLY.test(value)) {
    throw new TypeError(
      `Expected option \`${name}\` to be an id, not a path segment made of dots only, ` +
        `got ${describe(value)}`,
    );
  }

  if (FORBIDDEN.test(value) || value.includes('..')) {
    throw new TypeError(
      `Expected option \`${name}\` to be an id without whitespace, control characters, ` +
        `'/', '\\', '?', '#' or '..', got ${describe(value)}`,
    );
  }
}

/**
 * Reads the job id from a string or from a create call's response, and validates it.
 *
 * @throws TypeError naming `name` for anything else, or for an invalid id.
 */
export function resolveJobId(name: string, value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    assertObject(name, value);
    const jobId = (value as { job_id?: unknown }).job_id;
    assertId(`${name}.job_id`, jobId);

    return jobId;
  }

  assertId(name, value);

  return value;
}
