// Sharing an event, in simulate on the local cloud: both menus with
// shareTicket, the payloads with the sharer's token, a friend opening from
// a group (attributed once, not again on refresh), Moments single-page mode
// (报名 prompts instead of opening the form) and `?scene=` from a code
// (a short code the server resolves: offline means 重试, unknown means not found).
import { ERROR_MESSAGES } from '../../miniprogram/contract/index';
import { setTransport } from '../../miniprogram/services/cloud';
import { codeScene, directScene } from '../../miniprogram/contract/scene';
import {
  callPage,
  startCloudWithAdmin,
  tap,
  text,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';
import { ADMIN, createEvent, openEventPage } from './event-fixtures';
import { enterWith, groupEnterInfo, restoreWx } from './share-fakes';

const SHARER = 'ev-sharer';
const FRIEND = 'ev-friend';
const COVER = 'https://example.com/events/cover.jpg';

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN));
afterEach(() => {
  restoreWx();
});

const openEvent = openEventPage;

function raw(collection: string, id: string): Record<string, unknown> {
  const doc = lc.dump(collection).find((d) => d._id === id);
  if (!doc) throw new Error(`no ${collection} ${id}`);
  return doc;
}

interface SharePayload {
  title: string;
  path: string;
  imageUrl: string;
  promise?: Promise<{ title: string; path: string; imageUrl: string }>;
}

it('shows both menus with shareTicket and a share button; shares with the sharer\u2019s token', async () => {
  const event = await createEvent(lc, { cover: COVER });
  const binding = useLocalCloud(lc, SHARER);
  const page = await openEvent({ id: event.id });
  expect(wxCalls('showShareMenu')).toEqual([{ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] }]);
  expect(page.querySelector('#share-button')?.dom?.tagName.toLowerCase()).toBe('wx-button');

  const share = (await callPage(page, 'onShareAppMessage', { from: 'button' })) as SharePayload;
  expect(share).toMatchObject({ title: event.title, path: `/pages/event/index?id=${event.id}`, imageUrl: COVER });
  const withToken = await share.promise;
  const token = /&st=([A-Za-z0-9_-]{10})$/.exec(withToken?.path ?? '')?.[1] as string;
  expect(withToken).toEqual({
    title: event.title,
    path: `/pages/event/index?id=${event.id}&st=${token}`,
    imageUrl: COVER,
  });
  expect(raw('shares', token)).toMatchObject({ targetType: 'event', targetId: event.id, sharer: SHARER });
  expect(raw('events', event.id).shares).toBe(1);

  const timeline = (await callPage(page, 'onShareTimeline')) as { title: string; query: string; imageUrl: string };
  expect(timeline).toEqual({
    title: event.title,
    query: expect.stringMatching(new RegExp(`^id=${event.id}&st=[A-Za-z0-9_-]{10}$`)),
    imageUrl: COVER,
  });
  await waitFor(() => raw('events', event.id).shares === 2);
  expect(binding.calls.filter((c) => c.data.action === 'shares.create')).toHaveLength(2);
});

it('an event without a cover shares the default card', async () => {
  const event = await createEvent(lc);
  useLocalCloud(lc, SHARER);
  const page = await openEvent({ id: event.id });
  const share = (await callPage(page, 'onShareAppMessage', { from: 'menu' })) as SharePayload;
  expect(share.imageUrl).toBe('/images/share-default.png');
});

it('a cover in cloud storage is shared as its temporary URL, not the cloud:// fileID', async () => {
  const fileID = lc.storage.put('events/share-cover.jpg', Buffer.from('a jpeg'));
  const event = await createEvent(lc, { cover: fileID });
  useLocalCloud(lc, SHARER);
  const page = await openEvent({ id: event.id });
  const url = lc.storage.url(fileID);
  const share = (await callPage(page, 'onShareAppMessage', { from: 'menu' })) as SharePayload;
  expect([url, '/images/share-default.png']).toContain(share.imageUrl);
  expect((await share.promise)?.imageUrl).toBe(url);
  const timeline = (await callPage(page, 'onShareTimeline')) as { imageUrl: string };
  expect(timeline.imageUrl).toBe(url);
});

it('a friend from a group chat: attributed on the first load only, not on refresh', async () => {
  const event = await createEvent(lc);
  const { token } = await lc.ok(
    'content',
    'shares.create',
    { targetType: 'event', targetId: event.id },
    { openid: SHARER },
  );
  const query = { id: event.id, st: token };
  enterWith({ scene: 1044, path: 'pages/event/index', query, shareTicket: 'ticket-e' });
  groupEnterInfo('localgroup:活动群');
  const binding = useLocalCloud(lc, FRIEND);
  const page = await openEvent(query);
  expect(binding.calls[0]?.data).toEqual({
    action: 'events.get',
    payload: { id: event.id, shareToken: token, groupCloudId: 'localgroup:活动群' },
  });
  expect(raw('events', event.id)).toMatchObject({ shareViews: 1, groups: 1 });
  expect(raw('shares', token).views).toBe(1);

  await callPage(page, 'onPullDownRefresh');
  await waitFor(() => binding.calls.length === 2);
  expect(binding.calls[1]?.data).toEqual({ action: 'events.get', payload: { id: event.id } });
  expect(raw('events', event.id)).toMatchObject({ shareViews: 1, groups: 1 });
});

it('Moments single-page mode: the event shows without a login; 报名 prompts instead of opening the form', async () => {
  const event = await createEvent(lc);
  enterWith({ scene: 1154, path: 'pages/event/index', query: { id: event.id } });
  const binding = useLocalCloud(lc, undefined);
  const page = await openEvent({ id: event.id });
  expect(page.data.loadError).toBe('');
  expect(text(page)).toContain(event.title);
  expect(wxCalls('showShareMenu')).toHaveLength(0);
  expect(page.querySelector('#share-button')).toBeFalsy();
  expect(text(page)).toContain('前往小程序');

  await tap(page, '.event__signup');
  expect(wxCalls('navigateTo')).toHaveLength(0);
  expect(page.data.promptShown).toBe(true);
  const prompt = page.querySelector('single-page-prompt');
  expect(text(prompt as Rendered)).toContain('请前往小程序');
  expect(binding.calls.map((c) => c.data.action)).toEqual(['events.get']);
});

it('?scene= from a mini program code opens the event; a report\u2019s scene does not', async () => {
  const event = await createEvent(lc);
  const binding = useLocalCloud(lc, FRIEND);
  const page = await openEvent({ scene: encodeURIComponent(directScene('event', event.id) as string) });
  expect(page.data.loadError).toBe('');
  expect(binding.calls[0]?.data).toEqual({ action: 'events.get', payload: { id: event.id } });

  const other = useLocalCloud(lc, FRIEND);
  const wrong = await openEvent({ scene: encodeURIComponent(directScene('article', event.id) as string) });
  expect(wrong.data.loadErrorType).toBe('not-found');
  expect(other.calls).toHaveLength(0);
});

/** A short-code scene (`e!<code>`) for the event, mapped the way content.qrcode maps ids that do not fit a scene. */
async function codeSceneFor(eventId: string, code: string): Promise<string> {
  await lc.db.collection('scene_codes').add({
    data: { _id: code, targetType: 'event', targetId: eventId, createdAt: new Date() },
  });
  return codeScene('event', code);
}

it('a short-code scene that cannot be resolved for a network error shows 重试, not 活动不存在; 重试 opens the event', async () => {
  const event = await createEvent(lc);
  const scene = await codeSceneFor(event.id, 'EvNetwork1');
  setTransport(() => Promise.reject(new Error('request:fail timeout')));
  const page = await openEvent({ scene: encodeURIComponent(scene) });
  expect(page.data.loadErrorType).toBe('network');
  const view = page.querySelector('.event__error') as SimNode;
  expect(text(view)).toContain(ERROR_MESSAGES.NETWORK);
  expect(text(page)).not.toContain('活动不存在');
  const retry = view.querySelector('#state-action');
  if (!retry) throw new Error('no 重试 button');
  expect(text(retry)).toBe('重试');

  const binding = useLocalCloud(lc, FRIEND);
  await tap(page, retry);
  await waitFor(() => text(page).includes(event.title));
  expect(page.data.loadError).toBe('');
  expect(binding.calls.map((c) => c.data)).toEqual([
    { action: 'scene.resolve', payload: { scene } },
    { action: 'events.get', payload: { id: event.id } },
  ]);
});

it('a short-code scene the server does not know shows 活动不存在, without 重试', async () => {
  const binding = useLocalCloud(lc, FRIEND);
  const scene = codeScene('event', 'EvUnknown1');
  const page = await openEvent({ scene: encodeURIComponent(scene) });
  expect(page.data.loadErrorType).toBe('not-found');
  const view = page.querySelector('.event__error') as SimNode;
  expect(text(view)).toContain('活动不存在或已下线');
  expect(view.querySelector('#state-action')).toBeFalsy();
  expect(binding.calls.map((c) => c.data)).toEqual([{ action: 'scene.resolve', payload: { scene } }]);
});
