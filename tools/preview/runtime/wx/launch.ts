// How the mini program was entered: the preview's address at boot.
import { getManifest } from '../env';
import type { Obj } from './api';

// ---- launch: ?scene=1044&shareTicket=<group> emulates opening a group chat's card ----
let launched: (Obj & { shareTicket?: string }) | null = null;

/** How the mini program was entered (the preview's address at boot). */
export function launchOptions(): Obj & { shareTicket?: string } {
  if (launched) return launched;
  const params = new URLSearchParams(location.search);
  const scene = Number(params.get('scene')) || 1001;
  const ticket = params.get('shareTicket') || '';
  const route = decodeURI(location.hash.replace(/^#\/?/, '')) || getManifest().pages[0] || '';
  const [path = '', qs = ''] = route.split('?');
  const query: Record<string, string> = {};
  for (const kv of qs.split('&').filter(Boolean)) {
    const at = kv.indexOf('=');
    query[at < 0 ? kv : kv.slice(0, at)] = at < 0 ? '' : kv.slice(at + 1);
  }
  launched = {
    path,
    query,
    scene,
    referrerInfo: {},
    apiCategory: 'default',
    ...(ticket ? { shareTicket: ticket } : {}),
  };
  return launched;
}
