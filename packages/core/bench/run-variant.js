// One measured run in a process of its own, so that no other variant's heap, JIT state or
// leftover garbage shows in its figures. The parent (waits.js) forks it with --expose-gc and
// reads the figures from the IPC channel.
import process from 'node:process';

import { measureRun, warmUp } from './measure-run.js';
import { VARIANTS } from './variants.js';

const [name, paramsJson] = process.argv.slice(2);
const variant = VARIANTS[name ?? ''];
if (variant === undefined || paramsJson === undefined || process.send === undefined) {
  throw new Error('Usage: fork run-variant.js <variant> <params as JSON>, with an IPC channel');
}

const params = JSON.parse(paramsJson);
await warmUp(variant, params);
const figures = await measureRun(variant, params);
process.send(figures, () => process.disconnect());
