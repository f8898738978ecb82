import { assertKnownFields, assertNumber, assertObject, describe } from '../validate.js';
import { assertNonEmptyString, assertOptionalString, jsonCopy } from './fields.js';
import type { SimulatedSubJob, TimelineStep } from './timeline.js';

const STEP_FIELDS = ['status', 'forMs', 'subJobs', 'entities', 'errorCode', 'failReason', 'body'];
const SUB_JOB_FIELDS = ['jobType', 'status', 'entities', 'errorCode', 'failReason'];

/**
 * A checked copy of option `name`, a timeline: a non-empty array of steps, each with known
 * fields of the right types, its JSON values (`entities`, `body`) copied as JSON carries them,
 * so that nothing the caller changes later can make a step fail to serve.
 *
 * @throws TypeError or RangeError naming the field.
 */
export function checkedTimeline(name: string, timeline: unknown): TimelineStep[] {
  if (!Array.isArray(timeline) || timeline.length === 0) {
    throw new TypeError(`Expected option \`${name}\` to be a non-empty array of steps`);
  }

  return timeline.map((step: unknown, index) =>
    checkedStep(`${name}[${index}]`, step, index === timeline.length - 1),
  );
}

function checkedStep(name: string, step: unknown, last: boolean): TimelineStep {
  assertObject(name, step);
  assertKnownFields(name, step, STEP_FIELDS);
  const { status, forMs, subJobs, entities, errorCode, failReason, body } =
    step as Partial<TimelineStep>;

  assertNonEmptyString(`${name}.status`, status);
  if (!last || forMs !== undefined) {
    assertNumber(`${name}.forMs`, forMs, { max: Number.MAX_SAFE_INTEGER });
  }
  assertOptionalString(`${name}.errorCode`, errorCode);
  assertOptionalString(`${name}.failReason`, failReason);

  return {
    status,
    forMs,
    subJobs: subJobs === undefined ? undefined : checkedSubJobs(`${name}.subJobs`, subJobs),
    entities: entities === undefined ? undefined : checkedEntities(`${name}.entities`, entities),
    errorCode,
    failReason,
    // A string is served as it is; anything else as its JSON.
    body: body === undefined || typeof body === 'string' ? body : jsonCopy(`${name}.body`, body),
  };
}

function checkedSubJobs(name: string, subJobs: unknown): SimulatedSubJob[] {
  if (!Array.isArray(subJobs)) {
    throw new TypeError(
      `Expected option \`${name}\` to be an array of sub-jobs, got ${describe(subJobs)}`,
    );
  }

  return subJobs.map((sub: unknown, index) => checkedSubJob(`${name}[${index}]`, sub));
}

function checkedSubJob(name: string, sub: unknown): SimulatedSubJob {
  assertObject(name, sub);
  assertKnownFields(name, sub, SUB_JOB_FIELDS);
  const { jobType, status, entities, errorCode, failReason } = sub as Partial<SimulatedSubJob>;

  assertNonEmptyString(`${name}.jobType`, jobType);
  assertNonEmptyString(`${name}.status`, status);
  assertOptionalString(`${name}.errorCode`, errorCode);
  assertOptionalString(`${name}.failReason`, failReason);

  return {
    jobType,
    status,
    entities: entities === undefined ? undefined : checkedEntities(`${name}.entities`, entities),
    errorCode,
    failReason,
  };
}

function checkedEntities(name: string, entities: unknown): Record<string, unknown> {
  assertObject(name, entities);

  return jsonCopy(name, entities) as Record<string, unknown>;
}
