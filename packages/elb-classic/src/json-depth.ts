/**
 * The deepest nesting of arrays and objects accepted in a job body. Real bodies nest fewer
 * than 10 levels; a much deeper one would make a later `JSON.stringify` of the observation (by
 * a logger or a reporter) overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests arrays and objects more than `limit` levels deep; a top-level object
 * is one level. Walks with a stack of its own, so that no depth overflows the call stack.
 */
export function isDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];

  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;

    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;

    for (const child of Object.values(node)) {
      pending.push([child, depth + 1]);
    }
  }

  return false;
}
