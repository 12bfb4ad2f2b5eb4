// Whether a member's tap is being handled right now: WeChat opens some APIs
// only from one (tools/wx-api/rules.ts). A tap counts while its handlers run
// synchronously, and a dialog's confirm while its success callback runs.
let depth = 0;

export function duringTap<T>(run: () => T): T {
  depth += 1;
  try {
    return run();
  } finally {
    depth -= 1;
  }
}

export function tapping(): boolean {
  return depth > 0;
}
