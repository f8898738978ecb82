export { virtualClock } from './virtual-clock.js';
export type { RunUntilSettledOptions, VirtualClock, VirtualClockOptions } from './virtual-clock.js';
export { VirtualClockError } from './virtual-clock-error.js';
export type { VirtualClockErrorCode } from './virtual-clock-error.js';
export { scriptedSource } from './scripted-source.js';
export type { ScriptedPoll, ScriptedSource, ScriptedSourceOptions } from './scripted-source.js';
export type { ScriptErrorStep, ScriptStep, ScriptTiming, ScriptValueStep } from './script-step.js';
