// Check-in codes: short, typed by staff when a scan fails, so no 0/O/1/I/L.
import crypto from 'crypto';
import { CHECKIN_CODE_ALPHABET, CHECKIN_CODE_LENGTH } from '../../miniprogram/contract/index';

/**
 * 31^8 ≈ 8.5e11 codes, drawn without modulo bias. Check-in looks the code up
 * within the event first, so a (vanishingly rare) clash with another event's
 * code cannot check in the wrong person.
 */
export function newCheckinCode(): string {
  const n = CHECKIN_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < CHECKIN_CODE_LENGTH) {
    for (const byte of crypto.randomBytes(CHECKIN_CODE_LENGTH * 2)) {
      if (byte >= limit) continue;
      out += CHECKIN_CODE_ALPHABET[byte % n];
      if (out.length === CHECKIN_CODE_LENGTH) break;
    }
  }
  return out;
}
