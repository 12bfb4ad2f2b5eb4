// openapi, storage, getOpenData answered locally and recorded; the HTTP
// endpoint calls a function as a given member.
import fs from 'fs';
import os from 'os';
import path from 'path';
import cloud from 'wx-server-sdk';
import { startLocalCloud, type LocalCloud } from '../../tools/local-cloud/index';

let lc: LocalCloud;
let url: string;

async function echo(event: unknown): Promise<unknown> {
  return { openid: cloud.getWXContext().OPENID ?? null, event };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'svc-'));

beforeAll(async () => {
  lc = startLocalCloud({ dataDir: dataDir, functions: { echo } });
  url = await lc.listen(0);
});
afterAll(async () => {
  await lc.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('storage: upload, temp URL served over HTTP, delete', async () => {
  const up = (await cloud.uploadFile({ cloudPath: 'exports/a.txt', fileContent: Buffer.from('你好') })) as unknown as {
    fileID: string;
  };
  expect(up.fileID).toBe(`cloud://${lc.envId}.local/exports/a.txt`);
  const tmp = (await cloud.getTempFileURL({ fileList: [up.fileID, 'cloud://other/x'] })) as unknown as {
    fileList: Array<{ tempFileURL: string; status: number }>;
  };
  expect(tmp.fileList[0]!.status).toBe(0);
  expect(tmp.fileList[1]!.status).not.toBe(0);
  const res = await fetch(tmp.fileList[0]!.tempFileURL);
  expect(await res.text()).toBe('你好');
  const del = (await cloud.deleteFile({ fileList: [up.fileID] })) as unknown as { fileList: Array<{ status: number }> };
  expect(del.fileList[0]!.status).toBe(0);
  expect(lc.storage.exists(up.fileID)).toBe(false);
  expect(lc.records.deletes).toEqual([up.fileID]);
});

test('openapi: subscribe messages and content checks are recorded', async () => {
  await cloud.openapi.subscribeMessage.send({
    touser: 'm1',
    templateId: 'T1',
    page: 'pages/x',
    data: { thing1: { value: '活动' } },
  });
  expect(lc.records.subscribeMessages).toMatchObject([
    { touser: 'm1', templateId: 'T1', data: { thing1: { value: '活动' } } },
  ]);
  const ok = await cloud.openapi.security.msgSecCheck({ content: '正常备注', version: 2, scene: 1, openid: 'm1' });
  const bad = await cloud.openapi.security.msgSecCheck({ content: '含有赌博内容', version: 2, scene: 1, openid: 'm1' });
  expect(ok.result.suggest).toBe('pass');
  expect(bad.result.suggest).toBe('risky');
  expect(lc.records.secChecks.map((r) => r.suggest)).toEqual(['pass', 'risky']);
});

test('openapi: wxacode is deterministic and keeps the 32-character scene limit', async () => {
  const a = await cloud.openapi.wxacode.getUnlimited({ scene: 'a=abc123', page: 'pages/article/index' });
  const b = await cloud.openapi.wxacode.getUnlimited({ scene: 'a=abc123', page: 'pages/article/index' });
  expect(Buffer.compare(a.buffer, b.buffer)).toBe(0);
  expect(a.buffer.subarray(1, 4).toString()).toBe('PNG');
  await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'x'.repeat(33) })).rejects.toMatchObject({ errCode: 40169 });
});

test('an openapi the local cloud does not answer fails loudly, naming it', () => {
  expect(() => cloud.openapi.customerServiceMessage.send({})).toThrow(
    'cloud.openapi.customerServiceMessage.send is not implemented',
  );
});

test('getOpenData resolves local group cloudIDs to stable openGIds', async () => {
  const r = (await cloud.getOpenData({ list: ['localgroup:协会群', 'localgroup:协会群', 'bogus'] })) as unknown as {
    list: Array<{ json?: { data: { openGId: string } }; errCode?: number }>;
  };
  expect(r.list[0]!.json!.data.openGId).toBe(r.list[1]!.json!.data.openGId);
  expect(r.list[2]!.errCode).toBeDefined();
});

test('HTTP: call a function as a member, or without one', async () => {
  const post = (headers: Record<string, string>) =>
    fetch(`${url}/call/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ action: 'x', payload: { a: 1 } }),
    }).then((r) => r.json() as Promise<{ openid: string | null; event: { action: string } }>);
  const asMember = await post({ 'x-openid': 'member-a' });
  expect(asMember.openid).toBe('member-a');
  expect(asMember.event.action).toBe('x');
  expect((await post({})).openid).toBeNull();
  expect((await fetch(`${url}/call/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
  expect((await fetch(`${url}/call/echo`, { method: 'POST', body: 'not json' })).status).toBe(400);
  const health = (await (await fetch(`${url}/health`)).json()) as unknown as { functions: string[] };
  expect(health.functions).toEqual(['echo']);
});
