import { describe, expect, it } from '@jest/globals';

import type { UndeliveredMessage } from '@jobwait/reporters';

import { undeliveredLine } from '../src/webhook.js';

/** A message of the close report that was not delivered, for `reason`. */
function message(reason: UndeliveredMessage['reason'], more: Partial<UndeliveredMessage> = {}) {
  const info = { id: 'msg_1', type: 'io.jobwait.job.succeeded', event: 'settled' as const };

  return { ...info, jobId: 'j-1', kind: 'elb-classic', seq: 9, reason, attempts: 1, ...more };
}

describe('undeliveredLine', () => {
  it('says nothing when every message was delivered', () => {
    expect(undeliveredLine({ delivered: 3, undelivered: [], omitted: 0 })).toBeUndefined();
  });

  it('counts the messages by reason and names the last error when some were not delivered', () => {
    const undelivered = [
      message('rejected', { status: 410 }),
      message('exhausted', {
        attempts: 5,
        error: { name: 'RequestError', code: 'ECONNRESET', message: 'x' },
      }),
      message('deadline'),
      message('deadline'),
    ];

    expect(undeliveredLine({ delivered: 1, undelivered, omitted: 0 })).toBe(
      '4 of 5 webhook messages were not delivered (1 refused, 1 out of attempts, ' +
        '2 still held after the 10.0s flush); last error: ECONNRESET',
    );
  });

  it('counts the messages the report left out, and says "was" for one', () => {
    expect(undeliveredLine({ delivered: 0, undelivered: [message('overflow')], omitted: 0 })).toBe(
      '1 of 1 webhook message was not delivered (1 dropped from a full queue)',
    );
    expect(
      undeliveredLine({ delivered: 0, undelivered: [message('unencodable')], omitted: 1000 }),
    ).toBe('1001 of 1001 webhook messages were not delivered (1 not encodable, 1000 more)');
  });
});
