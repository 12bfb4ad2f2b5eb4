// Mini program code scenes: every target type round-trips, and a scene over
// WeChat's 32 characters cannot be made (by construction, checked over every
// id length the API accepts and against the local wxacode's own check).
import crypto from 'crypto';
import { SHARE_TARGET_TYPES, type ShareTargetType } from '../../miniprogram/contract/index';
import {
  base64urlToHex,
  codeScene,
  decodeScene,
  directScene,
  hexToBase64url,
  SCENE_MAX,
  sceneFromQuery,
} from '../../miniprogram/contract/scene';
import { ID_PATTERN } from '../../server/content/schemas';
import { sceneCodeFor } from '../../server/shares/qrcode';
import { createOpenApi, newRecords } from '../../tools/local-cloud/openapi';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function randomId(length: number): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

/** The scene the server makes for a target (server/shares/qrcode.ts sceneFor, minus the code's registration). */
function sceneOf(targetType: ShareTargetType, id: string): string {
  return directScene(targetType, id) ?? codeScene(targetType, sceneCodeFor({ type: targetType, id }));
}

/** Every id shape the API accepts: generated (32 hex), imported (imp_ + 24 hex), short, and each length 1–64. */
function idShapes(perLength = 20): string[] {
  const ids = [
    crypto.randomBytes(16).toString('hex'),
    `imp_${crypto.randomBytes(12).toString('hex')}`,
    'a',
    '-',
    '_',
    'x'.repeat(30),
    'x'.repeat(31),
    'F'.repeat(32),
    crypto.randomBytes(16).toString('hex').toUpperCase(),
    '0'.repeat(32),
    'f'.repeat(32),
  ];
  for (let len = 1; len <= 64; len++) for (let k = 0; k < perLength; k++) ids.push(randomId(len));
  return ids.filter((id) => ID_PATTERN.test(id));
}

describe('scene encoding', () => {
  test.each(SHARE_TARGET_TYPES)('every id of a %s fits 32 characters and decodes back', (targetType) => {
    const ids = idShapes();
    expect(ids.length).toBeGreaterThan(1000);
    for (const id of ids) {
      const scene = sceneOf(targetType, id);
      expect(scene.length).toBeLessThanOrEqual(SCENE_MAX);
      const decoded = decodeScene(scene);
      if (!decoded) throw new Error(`scene ${scene} of ${id} does not decode`);
      expect(decoded.targetType).toBe(targetType);
      if ('id' in decoded) expect(decoded.id).toBe(id);
      else expect(decoded.code).toBe(sceneCodeFor({ type: targetType, id }));
      // As the entry page receives it: URL-encoded.
      expect(sceneFromQuery(encodeURIComponent(scene))).toEqual(decoded);
    }
  });

  test('the forms: imported ids as they are, generated ids compressed, longer ids through a code', () => {
    const hex = crypto.randomBytes(16).toString('hex');
    expect(sceneOf('article', hex)).toMatch(/^a~[A-Za-z0-9_-]{22}$/);
    expect(sceneOf('event', hex)).toMatch(/^e~[A-Za-z0-9_-]{22}$/);
    const imported = `imp_${'ab12'.repeat(6)}`;
    expect(sceneOf('article', imported)).toBe(`a=${imported}`);
    expect(sceneOf('event', 'x'.repeat(31))).toMatch(/^e![A-Za-z0-9_-]{10}$/);
    expect(sceneOf('article', 'y'.repeat(64))).toMatch(/^a![A-Za-z0-9_-]{10}$/);
    // Uppercase hex is not the generated form: it would not round-trip compressed.
    expect(sceneOf('article', 'A'.repeat(32))).toMatch(/^a!/);
    expect(base64urlToHex(hexToBase64url(hex))).toBe(hex);
  });

  test('WeChat itself (the local wxacode, which rejects over 32 characters with 40169) takes every scene made', async () => {
    const records = newRecords();
    const api = createOpenApi(records) as { wxacode: { getUnlimited(p: object): Promise<{ buffer: Buffer }> } };
    // Two ids per length keep the PNG making quick; the length bound is shown over all shapes above.
    const scenes = SHARE_TARGET_TYPES.flatMap((t) => idShapes(2).map((id) => sceneOf(t, id)));
    for (const scene of scenes) {
      await expect(api.wxacode.getUnlimited({ scene, page: 'pages/article/index' })).resolves.toHaveProperty('buffer');
    }
    expect(records.wxacodes).toHaveLength(scenes.length);
    // ... and it does reject what cannot fit, so the check above is a real one.
    await expect(api.wxacode.getUnlimited({ scene: `a=${'x'.repeat(31)}` })).rejects.toMatchObject({ errCode: 40169 });
  });

  test('anything we did not make decodes to null', () => {
    const hex = crypto.randomBytes(16).toString('hex');
    const good = sceneOf('article', hex);
    const lastChar = good[good.length - 1]!;
    // The last base64url character carries 4 padding bits that must be zero.
    const padded = good.slice(0, -1) + (lastChar === 'B' ? 'C' : 'B');
    for (const bad of [
      '',
      'a=',
      `a=${'x'.repeat(31)}`,
      'x=abc',
      'a#abc',
      'a=has space',
      'a~short',
      padded,
      'a!tooshort',
      'e!elevenchars',
      'A=abc',
    ]) {
      expect(decodeScene(bad)).toBeNull();
    }
    expect(sceneFromQuery('%E0%A4%A')).toBeNull();
    expect(sceneFromQuery(undefined)).toBeNull();
    expect(() => codeScene('article', 'x')).toThrow();
  });
});
