import type { PollContext } from './job-source.js';

/**
 * The context handed to `poll` for one request. Its `signal` is made when it is first read,
 * so that a source that never reads it (one without I/O, or whose client cannot be cancelled)
 * costs no `AbortController`, which was the largest part of such a poll's cost. A signal read
 * after {@link RequestContext.abort} is made already aborted, with the same reason: every
 * read sees what a signal made up front would show.
 */
export class RequestContext implements PollContext {
  // Both are set in the constructor, `signal` first, as in a plain `{ signal, attempt }`.
  declare readonly signal: AbortSignal;
  declare readonly attempt: number;
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  constructor(attempt: number) {
    // An own enumerable accessor, as a plain object would have a field: spreading or
    // comparing the context reads it. One shared descriptor keeps every context one shape.
    Object.defineProperty(this, 'signal', SIGNAL);
    this.attempt = attempt;
  }

  /** Aborts the request's signal with `reason`, or makes it aborted when first read. */
  static abort(context: RequestContext, reason: unknown): void {
    if (context.#aborted) return;

    context.#aborted = true;
    context.#reason = reason;
    context.#controller?.abort(reason);
  }

  /** The request's signal, made on the first call. */
  static signalOf(context: RequestContext): AbortSignal {
    if (context.#controller === undefined) {
      context.#controller = new AbortController();
      if (context.#aborted) context.#controller.abort(context.#reason);
    }

    return context.#controller.signal;
  }
}

/** The `signal` property of every {@link RequestContext}. */
const SIGNAL: PropertyDescriptor = {
  get(this: RequestContext): AbortSignal {
    return RequestContext.signalOf(this);
  },
  enumerable: true,
  configurable: true,
};
