import type { OutputStream } from './guarded-writer.js';

/**
 * How the console reporter writes: `'live'` redraws one line per job in place, `'plain'` writes
 * one line per change, and `'auto'` picks live on an interactive terminal, plain elsewhere.
 */
export type ConsoleMode = 'auto' | 'live' | 'plain';

/** The values of {@link ConsoleMode}, for validation. */
export const CONSOLE_MODES: readonly ConsoleMode[] = ['auto', 'live', 'plain'];

/**
 * Whether `mode` means live output on `stream`. Auto is live only when the stream is a TTY,
 * `TERM` is not `dumb` (such a terminal cannot move its cursor) and the run is not in CI, where
 * a log keeps every byte and redrawn lines would pile up in it.
 */
export function isLiveMode({
  mode,
  stream,
  env,
}: {
  mode: ConsoleMode;
  stream: Pick<OutputStream, 'isTTY'>;
  env: Readonly<Record<string, string | undefined>>;
}): boolean {
  if (mode !== 'auto') return mode === 'live';

  return stream.isTTY === true && env['TERM'] !== 'dumb' && !isCI(env['CI']);
}

/** `CI` is set by every common CI service; `''`, `0` and `false` are read as unset. */
function isCI(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
