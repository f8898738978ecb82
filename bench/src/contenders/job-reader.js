/**
 * @typedef {object} ReaderContext - where the jobs are and how the HTTP client is set up.
 * @property {string} url - the simulator's base URL.
 * @property {string} projectId
 * @property {string} token
 * @property {number} requestTimeoutMs
 * @property {number} maxSockets
 */

/**
 * @typedef {object} JobReader - the least HTTP client a waiter needs: one GET of a job.
 * @property {(jobId: string) => Promise<{ status?: unknown }>} read - the parsed body of a 2xx.
 * @property {() => Promise<void> | void} close - lets go of every socket.
 */

/**
 * The headers of every request: the same for both HTTP clients.
 *
 * @param {ReaderContext} context
 */
export const headersOf = ({ token }) => ({ accept: 'application/json', 'x-auth-token': token });
