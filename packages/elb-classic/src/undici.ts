/**
 * `@jobwait/elb-classic/undici`: the undici transport of `ElbClient`, apart from the package's
 * main entry so that a program that keeps the default got transport never loads undici.
 *
 * ```ts
 * import { ElbClient, tokenAuth } from '@jobwait/elb-classic';
 * import { undiciTransport } from '@jobwait/elb-classic/undici';
 *
 * const client = new ElbClient({ endpoint, auth: tokenAuth(token), transport: undiciTransport });
 * ```
 *
 * @packageDocumentation
 */
export { undiciTransport } from './transport/undici-transport.js';
export type { UndiciTransportSettings } from './transport/undici-transport.js';
