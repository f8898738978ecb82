/** Wraps text in one style. The identity when colour is off. */
export type Style = (text: string) => string;

/** The few styles the console reporter uses. */
export interface Palette {
  readonly dim: Style;
  readonly bold: Style;
  readonly green: Style;
  readonly red: Style;
  readonly yellow: Style;
}

const plain: Style = (text) => text;

function sgr(open: number, close: number): Style {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/** A palette of ANSI styles, or of identities when `enabled` is false. */
export function palette(enabled: boolean): Palette {
  if (!enabled) {
    return { dim: plain, bold: plain, green: plain, red: plain, yellow: plain };
  }

  return {
    dim: sgr(2, 22),
    bold: sgr(1, 22),
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
  };
}

/**
 * Decides whether to colour the output. An explicit `color` wins; otherwise colour is used
 * only on a TTY and only when `NO_COLOR` is unset or empty, as https://no-color.org asks.
 */
export function shouldUseColor({
  color,
  isTTY,
  env,
}: {
  color: boolean | undefined;
  isTTY: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
}): boolean {
  if (color !== undefined) {
    return color;
  }

  const noColor = env['NO_COLOR'];

  return isTTY === true && (noColor === undefined || noColor === '');
}
