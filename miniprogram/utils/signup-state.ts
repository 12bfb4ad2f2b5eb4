// Tells pages that a sign-up changed elsewhere (submitted on the form,
// cancelled in 我的报名), so they reload on show instead of polling, and
// hands the detail page the result it should announce.
import type { MySignup } from '../contract/events';

let version = 0;
let lastResult: { eventId: string; signup: MySignup } | null = null;

export function signupVersion(): number {
  return version;
}

export function markSignupChanged(eventId: string, signup?: MySignup): void {
  version += 1;
  if (signup) lastResult = { eventId, signup };
}

/** The result just submitted for this event, handed out once. */
export function takeLastResult(eventId: string): MySignup | null {
  if (!lastResult || lastResult.eventId !== eventId) return null;
  const { signup } = lastResult;
  lastResult = null;
  return signup;
}
