import { describe, expect, it } from '@jest/globals';

import { palette } from '../../src/console/ansi.js';
import { fitLine, textWidth, type Segment } from '../../src/console/fit-line.js';

const { bold, dim } = palette(true);
const asIs = (text: string) => text;

describe('fitLine', () => {
  const segments: Segment[] = [
    ['job-1', dim],
    ['  ', asIs],
    ['RUNNING', bold],
  ];

  it('joins the styled segments when the line fits', () => {
    expect(fitLine(segments, 14)).toBe('\u001b[2mjob-1\u001b[22m  \u001b[1mRUNNING\u001b[22m');
  });

  it('cuts the line and ends it with an ellipsis when it is too wide, styles kept whole', () => {
    expect(fitLine(segments, 10)).toBe('\u001b[2mjob-1\u001b[22m  \u001b[1mRU\u001b[22m…');
    expect(fitLine(segments, 6)).toBe('\u001b[2mjob-1\u001b[22m…');
  });

  it('counts wide characters as two columns when it cuts', () => {
    expect(fitLine([['名前名前名前', asIs]], 6)).toBe('名前…');
  });

  it('writes only the ellipsis when one column is all there is', () => {
    expect(fitLine(segments, 1)).toBe('…');
  });
});

describe('textWidth', () => {
  it.each([
    ['abc', 3],
    ['⠋ ok', 4],
    ['名前', 4],
    ['😀', 2],
    ['', 0],
  ])('counts %j as %p columns', (text, width) => {
    expect(textWidth(text)).toBe(width);
  });
});
