// content.qrcode: an unlimited mini program code for a report or an event,
// made once (wxacode.getUnlimited), stored in cloud storage and cached in
// `qrcodes`; scene.resolve: a code's scene back to its target.
import crypto from 'crypto';
import { SHARE_PAGES, type QrcodeResult, type ShareTargetType } from '../../miniprogram/contract/index';
import { codeScene, decodeScene, directScene } from '../../miniprogram/contract/scene';
import { cloud, uploadFile } from '../cloud';
import { fail } from '../errors';
import {
  QRCODES,
  qrcodeDocId,
  SCENE_CODES,
  TARGETS,
  targetImage,
  type QrcodeDoc,
  type SceneCodeDoc,
  type TargetDoc,
  type TargetRef,
} from './model';
import { db, findDoc, insertDoc, isDuplicateKey } from '../data';

/** A short code derived from the target, so racing requests agree on it. */
export function sceneCodeFor(ref: TargetRef): string {
  return crypto.createHash('sha256').update(`${ref.type}:${ref.id}`).digest('base64url').slice(0, 10);
}

/** The scene of a target: direct when the id fits, else through a registered short code. */
export async function sceneFor(ref: TargetRef): Promise<string> {
  const direct = directScene(ref.type, ref.id);
  if (direct) return direct;
  const code = sceneCodeFor(ref);
  const doc: SceneCodeDoc = { _id: code, targetType: ref.type, targetId: ref.id, createdAt: new Date() };
  try {
    await insertDoc(SCENE_CODES, doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await findDoc<SceneCodeDoc>(db().collection(SCENE_CODES).doc(code));
    if (!existing || existing.targetType !== ref.type || existing.targetId !== ref.id) {
      throw new Error(`scene code ${code} is taken by another target`);
    }
  }
  return codeScene(ref.type, code);
}

export async function resolveScene(scene: string): Promise<{ targetType: ShareTargetType; id: string }> {
  const decoded = decodeScene(scene);
  if (!decoded) fail('VALIDATION', '小程序码无效', 'scene');
  if ('id' in decoded) return { targetType: decoded.targetType, id: decoded.id };
  const doc = await findDoc<SceneCodeDoc>(db().collection(SCENE_CODES).doc(decoded.code));
  if (!doc || doc.targetType !== decoded.targetType) fail('NOT_FOUND');
  return { targetType: doc.targetType, id: doc.targetId };
}

/** Which version of the mini program the code opens; `trial`/`develop` while testing. */
function envVersion(): 'release' | 'trial' | 'develop' {
  const v = process.env.WXACODE_ENV_VERSION;
  return v === 'trial' || v === 'develop' ? v : 'release';
}

async function getUnlimited(scene: string, page: string): Promise<Buffer> {
  const version = envVersion();
  const res = (await cloud.openapi.wxacode.getUnlimited({
    scene,
    page,
    // Only a released version's pages can be checked; a trial build has none yet.
    checkPath: version === 'release',
    envVersion: version,
    width: 430,
  })) as { buffer?: unknown; errCode?: number; errMsg?: string };
  const buf = res.buffer;
  if (!buf || typeof (buf as { length?: unknown }).length !== 'number') {
    throw new Error(`wxacode.getUnlimited returned no image: ${String(res.errCode)} ${String(res.errMsg)}`);
  }
  return Buffer.from(buf as Uint8Array);
}

async function makeQrcode(ref: TargetRef): Promise<QrcodeDoc> {
  const scene = await sceneFor(ref);
  const page = SHARE_PAGES[ref.type];
  const png = await getUnlimited(scene, page);
  // One path per target: a racing request writes the same picture there.
  const fileID = await uploadFile(`qrcodes/${ref.type}/${ref.id}.png`, png);
  const doc: QrcodeDoc = {
    _id: qrcodeDocId(ref),
    targetType: ref.type,
    targetId: ref.id,
    scene,
    page,
    fileID,
    createdAt: new Date(),
  };
  try {
    await insertDoc(QRCODES, doc);
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await findDoc<QrcodeDoc>(db().collection(QRCODES).doc(doc._id))) ?? doc;
  }
}

/** Temporary URLs of cloud files; other sources (https, package paths) as they are. */
async function loadable(sources: string[]): Promise<string[]> {
  const fileIDs = sources.filter((s) => s.startsWith('cloud://'));
  if (!fileIDs.length) return sources;
  const res = (await cloud.getTempFileURL({ fileList: fileIDs })) as {
    fileList: Array<{ fileID: string; tempFileURL: string; status: number }>;
  };
  const byId = new Map(res.fileList.filter((f) => f.status === 0).map((f) => [f.fileID, f.tempFileURL]));
  return sources.map((s) => (s.startsWith('cloud://') ? (byId.get(s) ?? '') : s));
}

export async function qrcodeFor(ref: TargetRef): Promise<QrcodeResult> {
  const kind = TARGETS[ref.type];
  const [target, cached] = await Promise.all([
    findDoc<TargetDoc>(
      db()
        .collection(kind.collection)
        .doc(ref.id)
        .field({ _id: true, title: true, status: true, cover: true, blocks: true }),
    ),
    findDoc<QrcodeDoc>(db().collection(QRCODES).doc(qrcodeDocId(ref))),
  ]);
  if (!target || !kind.isLive(target)) fail('NOT_FOUND');
  const code = cached ?? (await makeQrcode(ref));
  const [tempFileURL = '', coverURL = ''] = await loadable([code.fileID, targetImage(target)]);
  if (!tempFileURL) throw new Error(`no temporary URL for ${code.fileID}`);
  return {
    targetType: ref.type,
    id: ref.id,
    scene: code.scene,
    page: code.page,
    fileID: code.fileID,
    tempFileURL,
    title: target.title || '',
    coverURL,
  };
}
