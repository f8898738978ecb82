import type { OutputStream } from './guarded-writer.js';

/** Wraps text in one style. The identity when colour is off. */
export type Style = (text: string) => string;

/** The few styles the console reporter uses. */
export interface Palette {
  readonly dim: Style;
  readonly bold: Style;
  readonly green: Style;
  readonly red: Style;
  readonly yellow: Style;
  readonly cyan: Style;
}

/** Hides the terminal's cursor while the live block is drawn, so it does not flicker over it. */
export const CURSOR_HIDE = '\u001b[?25l';

/** Shows the cursor again. */
export const CURSOR_SHOW = '\u001b[?25h';

const plain: Style = (text) => text;

function sgr(open: number, close: number): Style {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/** A palette of ANSI styles, or of identities when `enabled` is false. */
export function palette(enabled: boolean): Palette {
  if (!enabled) {
    return { dim: plain, bold: plain, green: plain, red: plain, yellow: plain, cyan: plain };
  }

  return {
    dim: sgr(2, 22),
    bold: sgr(1, 22),
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Decides whether to colour the output, first rule that applies:
 *
 * 1. an explicit `color` option;
 * 2. `FORCE_COLOR`: `0` or `false` turns colour off, an empty value, `1`, `2`, `3` or `true`
 *    turns it on, TTY or not (other values are ignored);
 * 3. `NO_COLOR` set to a non-empty value turns it off, as https://no-color.org asks;
 * 4. otherwise colour only on a TTY whose `TERM` is not `dumb` and, for a Node.js TTY stream,
 *    that reports colours (`hasColors`).
 *
 * `FORCE_COLOR` wins over `NO_COLOR`, as in Node.js itself: it is usually set for one run,
 * `NO_COLOR` once for every program.
 */
export function shouldUseColor({
  color,
  stream,
  env,
}: {
  color: boolean | undefined;
  stream: Pick<OutputStream, 'isTTY' | 'hasColors'>;
  env: Env;
}): boolean {
  if (color !== undefined) return color;

  const forced = forcedColor(env['FORCE_COLOR']);
  if (forced !== undefined) return forced;

  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;

  return stream.isTTY === true && terminalHasColors(stream, env);
}

function forcedColor(value: string | undefined): boolean | undefined {
  switch (value) {
    case '0':
    case 'false':
      return false;
    case '':
    case '1':
    case '2':
    case '3':
    case 'true':
      return true;
    default:
      return undefined;
  }
}

function terminalHasColors(stream: Pick<OutputStream, 'hasColors'>, env: Env): boolean {
  if (env['TERM'] === 'dumb') return false;
  if (typeof stream.hasColors !== 'function') return true;

  // Node.js reads FORCE_COLOR and NO_COLOR too, by rules of its own (an empty NO_COLOR turns
  // colour off there); those two are decided above, so only the terminal is asked here.
  const terminal = Object.fromEntries(
    Object.entries(env).filter(([name]) => name !== 'FORCE_COLOR' && name !== 'NO_COLOR'),
  );

  try {
    return stream.hasColors(terminal) === true;
  } catch {
    return false;
  }
}
