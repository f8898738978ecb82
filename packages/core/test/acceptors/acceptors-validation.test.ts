import { describe, expect, it } from '@jest/globals';

import { acceptors, type AcceptorsOptions } from '../../src/acceptors/acceptors.js';

type Doc = Record<string, unknown>;

const succeeds = { state: 'success', matcher: { success: true } };
const output = (fields: Record<string, unknown>) => ({
  state: 'success',
  matcher: { output: { path: 'status', comparator: 'stringEquals', expected: 'ok', ...fields } },
});

/** Builds the strategy from options that the types would refuse, and returns what it threw. */
function thrownBy(options: unknown): unknown {
  try {
    acceptors<Doc>(options as AcceptorsOptions<Doc>);
  } catch (error) {
    return error;
  }

  throw new Error('acceptors() did not throw');
}

const STATES = '"success", "failure", "retry"';
const KINDS = '`output`, `success`, `errorType`, `errorClass`';
const MATCHER = 'Expected option `acceptors[0].matcher`';
const OUTPUT = 'Expected option `acceptors[0].matcher.output';
const COMPARATORS = '"stringEquals", "booleanEquals", "allStringEquals", "anyStringEquals"';

describe('acceptors', () => {
  it.each<[string, unknown, string]>([
    ['the options are null', null, 'Expected the acceptors options to be an object, got null'],
    [
      'the options are an array',
      [succeeds],
      'Expected the acceptors options to be an object, got an array',
    ],
    [
      'an option is unknown',
      { acceptors: [succeeds], message: 'status' },
      'Unknown option `message` (did you mean `reason`?)',
    ],
    [
      'acceptors is missing',
      {},
      'Expected option `acceptors` to be a non-empty array, got undefined',
    ],
    [
      'acceptors is an object',
      { acceptors: succeeds },
      'Expected option `acceptors` to be a non-empty array, got an object',
    ],
    [
      'acceptors is empty',
      { acceptors: [] },
      'Expected option `acceptors` to be a non-empty array, got an empty array',
    ],
    [
      'no acceptor succeeds',
      { acceptors: [{ state: 'retry', matcher: { success: true } }] },
      'Expected option `acceptors` to have an acceptor with state "success"',
    ],
    [
      'an acceptor is not an object',
      { acceptors: [succeeds, 3] },
      'Expected option `acceptors[1]` to be an object, got 3',
    ],
    [
      'the list has a hole',
      // eslint-disable-next-line no-sparse-arrays
      { acceptors: [succeeds, , succeeds] },
      'Expected option `acceptors[1]` to be an object, got undefined',
    ],
    [
      'an acceptor has a Smithy message',
      { acceptors: [{ ...succeeds, message: 'status' }] },
      'Unknown option `acceptors[0].message` (did you mean `reason`?)',
    ],
    [
      'the state is misspelt',
      { acceptors: [succeeds, { state: 'succes', matcher: { success: true } }] },
      `Expected option \`acceptors[1].state\` to be one of ${STATES}, got "succes"`,
    ],
    [
      'the state is missing',
      { acceptors: [{ matcher: { success: true } }] },
      `Expected option \`acceptors[0].state\` to be one of ${STATES}, got undefined`,
    ],
    [
      'the matcher is missing',
      { acceptors: [{ state: 'success' }] },
      'Expected option `acceptors[0].matcher` to be an object, got undefined',
    ],
    [
      'the matcher has no kind',
      { acceptors: [{ state: 'success', matcher: {} }] },
      `Expected option \`acceptors[0].matcher\` to have exactly one of ${KINDS}, got none`,
    ],
    [
      'the matcher has only undefined kinds',
      { acceptors: [{ state: 'success', matcher: { success: undefined } }] },
      `Expected option \`acceptors[0].matcher\` to have exactly one of ${KINDS}, got none`,
    ],
    [
      'the matcher has two kinds',
      { acceptors: [{ state: 'success', matcher: { success: true, errorType: 'NotFound' } }] },
      `${MATCHER} to have exactly one of ${KINDS}, got \`success\` and \`errorType\``,
    ],
    [
      'the matcher kind is unknown',
      { acceptors: [{ state: 'success', matcher: { inputOutput: {} } }] },
      'Unknown option `acceptors[0].matcher.inputOutput`',
    ],
    [
      'the comparator is unknown',
      { acceptors: [output({ comparator: 'stringEqual' })] },
      `${OUTPUT}.comparator\` to be one of ${COMPARATORS}, got "stringEqual"`,
    ],
    [
      'the comparator is inherited from Object',
      { acceptors: [output({ comparator: 'toString' })] },
      `${OUTPUT}.comparator\` to be one of ${COMPARATORS}, got "toString"`,
    ],
    [
      'booleanEquals expects a string',
      { acceptors: [output({ comparator: 'booleanEquals', expected: 'true' })] },
      `${OUTPUT}.expected\` to be a boolean for comparator "booleanEquals", got "true"`,
    ],
    [
      'allStringEquals expects a boolean',
      { acceptors: [output({ comparator: 'allStringEquals', expected: true })] },
      `${OUTPUT}.expected\` to be a string for comparator "allStringEquals", got true`,
    ],
    [
      'stringEquals expects nothing',
      { acceptors: [output({ expected: undefined })] },
      `${OUTPUT}.expected\` to be a string for comparator "stringEquals", got undefined`,
    ],
    [
      'the path is a number',
      { acceptors: [output({ path: 3 })] },
      `${OUTPUT}.path\` to be a JMESPath expression or a function, got 3`,
    ],
    [
      'the output matcher has an unknown field',
      { acceptors: [output({ expect: 'ok' })] },
      'Unknown option `acceptors[0].matcher.output.expect`',
    ],
    [
      'success is a string',
      { acceptors: [{ state: 'success', matcher: { success: 'true' } }] },
      'Expected option `acceptors[0].matcher.success` to be a boolean, got "true"',
    ],
    [
      'errorType is empty',
      { acceptors: [succeeds, { state: 'retry', matcher: { errorType: '' } }] },
      'Expected option `acceptors[1].matcher.errorType` to be a non-empty string, got ""',
    ],
    [
      'errorClass is a string',
      { acceptors: [succeeds, { state: 'retry', matcher: { errorClass: 'TypeError' } }] },
      'Expected option `acceptors[1].matcher.errorClass` to be a class, got "TypeError"',
    ],
    [
      'errorClass is an arrow function',
      { acceptors: [succeeds, { state: 'retry', matcher: { errorClass: () => Error } }] },
      'Expected option `acceptors[1].matcher.errorClass` to be a class, got a function',
    ],
    [
      'a success acceptor has a reason',
      { acceptors: [{ ...succeeds, reason: 'status' }] },
      'Option `acceptors[0].reason` is only read on an acceptor with state "failure"',
    ],
    [
      'a retry acceptor has a code',
      { acceptors: [succeeds, { state: 'retry', matcher: { success: false }, code: 'code' }] },
      'Option `acceptors[1].code` is only read on an acceptor with state "failure"',
    ],
    [
      'a failure acceptor code is a number',
      { acceptors: [succeeds, { state: 'failure', matcher: { success: false }, code: 7 }] },
      'Expected option `acceptors[1].code` to be a JMESPath expression or a function, got 7',
    ],
    [
      'the state path is an object',
      { acceptors: [succeeds], state: {} },
      'Expected option `state` to be a JMESPath expression or a function, got an object',
    ],
    [
      'detail is a string',
      { acceptors: [succeeds], detail: 'progress' },
      'Expected option `detail` to be a function, got "progress"',
    ],
    [
      'classifyError is an object',
      { acceptors: [succeeds], classifyError: { fatal: true } },
      'Expected option `classifyError` to be a function, got an object',
    ],
  ])('throws a TypeError naming the option when %s', (_, options, message) => {
    const error = thrownBy(options);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe(message);
  });

  it.each([
    [
      'acceptors[2].matcher.output.path',
      { acceptors: [succeeds, succeeds, output({ path: 'Reservations[' })] },
    ],
    [
      'acceptors[1].reason',
      { acceptors: [succeeds, { ...succeeds, state: 'failure', reason: 'a.[' }] },
    ],
    ['state', { acceptors: [succeeds], state: 'foo bar' }],
    ['reason', { acceptors: [succeeds], reason: '' }],
  ])('throws a TypeError with the parser message when `%s` is not JMESPath', (name, options) => {
    const error = thrownBy(options) as TypeError;
    const parserMessage = (error.cause as Error).message;

    expect(error).toBeInstanceOf(TypeError);
    expect(parserMessage).toMatch(/^Syntax error: ./);
    expect(error.message).toBe(
      `Expected option \`${name}\` to be a valid JMESPath expression: ${parserMessage}`,
    );
  });

  it('reads undefined options as absent when they are given as undefined', () => {
    const classify = acceptors<Doc>({
      acceptors: [{ state: 'success', matcher: { success: true }, reason: undefined }],
      state: undefined,
      detail: undefined,
      classifyError: undefined,
    });

    expect(classify({ ok: true, value: {} })).toEqual({ type: 'success' });
    expect(classify({ ok: false, error: new Error('bug') })).toEqual({ type: 'fatal' });
  });
});
