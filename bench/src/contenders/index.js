/**
 * @typedef {object} ContenderEntry
 * @property {string} label - the name in the report.
 * @property {string} description - what runs, for the report.
 * @property {'got' | 'undici'} http - the HTTP client underneath.
 * @property {() => Promise<(context: import('./jobwait.js').ContenderContext) =>
 *   import('./jobwait.js').Contender>} load - imports only what this contender needs, so that
 *   no other contender's modules count in its process's memory.
 */

/**
 * A jobwait contender with the options of one variant that jobwait.js exports, over got or,
 * for `'undici'`, the undici transport of `@jobwait/elb-classic/undici`.
 *
 * @param {'elbDefaults' | 'durationAware'} variant
 * @param {'got' | 'undici'} [http]
 */
async function loadJobwait(variant, http = 'got') {
  const jobwait = await import('./jobwait.js');
  const transport =
    http === 'undici' ? (await import('@jobwait/elb-classic/undici')).undiciTransport : undefined;

  return jobwait.jobwaitContender(jobwait[variant], transport);
}

/**
 * The hand-written loop over the HTTP client that `importReader` brings in.
 *
 * @param {() => Promise<(context: import('./job-reader.js').ReaderContext) =>
 *   import('./job-reader.js').JobReader>} importReader
 */
async function loadLoop(importReader) {
  const [{ loopContender }, reader] = await Promise.all([import('./loop.js'), importReader()]);

  return loopContender(reader);
}

/**
 * Every way of waiting the bench compares, by the name its flag takes, in the order of the
 * report. A contender is one entry: a jobwait variant names its options (jobwait.js), anything
 * else a module of this folder.
 *
 * @type {Record<string, ContenderEntry>}
 */
export const CONTENDERS = {
  'jobwait-default': {
    label: 'jobwait default',
    description: "one Waiter, one ElbClient, elb-classic's job source, waitForElbJob's defaults",
    http: 'got',
    load: () => loadJobwait('elbDefaults'),
  },
  'jobwait-duration-aware': {
    label: 'jobwait duration-aware',
    description: 'the same with durationAwareBackoff: a prior of the simulated durations, learning',
    http: 'got',
    load: () => loadJobwait('durationAware'),
  },
  'jobwait-undici': {
    label: 'jobwait default + undici',
    description: 'jobwait default with the undici transport of @jobwait/elb-classic/undici',
    http: 'undici',
    load: () => loadJobwait('elbDefaults', 'undici'),
  },
  'loop-got': {
    label: 'setTimeout loop + got',
    description: "a hand-written loop on jobwait default's schedule, got as ElbClient sets it up",
    http: 'got',
    load: () => loadLoop(async () => (await import('./got-reader.js')).gotJobReader),
  },
  'loop-undici': {
    label: 'setTimeout loop + undici',
    description: 'the same loop with an undici Pool of as many connections',
    http: 'undici',
    load: () => loadLoop(async () => (await import('./undici-reader.js')).undiciJobReader),
  },
  terraform: {
    label: 'Terraform StateChangeConf',
    description: "Terraform's refresh schedule, MinTimeout = the minimum delay, over got",
    http: 'got',
    load: async () => (await import('./terraform.js')).terraformContender,
  },
  smithy: {
    label: '@smithy/util-waiter',
    description: "createWaiter, the AWS SDK v3 waiters' engine, over got",
    http: 'got',
    load: async () => (await import('./smithy.js')).smithyContender,
  },
  cockatiel: {
    label: 'cockatiel retry',
    description: 'retry(handleWhenResult) with ExponentialBackoff inside a timeout, over got',
    http: 'got',
    load: async () => (await import('./cockatiel.js')).cockatielContender,
  },
  'p-wait-for': {
    label: 'p-wait-for',
    description: 'pWaitFor at a fixed interval of the minimum delay, over got',
    http: 'got',
    load: async () => (await import('./p-wait-for.js')).pWaitForContender,
  },
};

/**
 * The contender the CPU per request of the others is compared with, by HTTP client: the
 * hand-written loop over the same client.
 *
 * @type {Record<ContenderEntry['http'], string>}
 */
export const CPU_BASELINES = { got: 'loop-got', undici: 'loop-undici' };
