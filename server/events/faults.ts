// Fault injection for the crash-safety tests: with EVENTS_CRASH_AFTER=<step>
// the function dies right after that step, as an instance killed there would
// (test/cloud/events.crash.test.ts). Unset in production: a no-op.
export function crashPoint(step: string): void {
  if (process.env.EVENTS_CRASH_AFTER === step) throw new Error(`crash injected after ${step}`);
}
