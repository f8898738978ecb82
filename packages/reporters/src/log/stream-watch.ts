import type { OutputStream } from '../console/guarded-writer.js';

/** Whether a stream has reported an error since it was watched. */
export interface StreamWatch {
  /** `true` once the stream emitted `'error'`. */
  failed(): boolean;
  /** Removes the error listener the watch added. */
  release(): void;
}

/**
 * Listens for `'error'` on `stream`, when it has `on` and `off`: such an event (a closed pipe,
 * a full disk) would otherwise crash the process for want of a listener. The watch only
 * remembers that it happened.
 */
export function watchStream(stream: OutputStream | undefined): StreamWatch {
  let failed = false;
  const onError = (): void => {
    failed = true;
  };
  const watched = typeof stream?.on === 'function' && typeof stream.off === 'function';

  if (watched) stream.on?.('error', onError);

  return {
    failed: () => failed,
    release() {
      if (watched) stream.off?.('error', onError);
    },
  };
}
