// Every Vant Weapp tag the WXML of a compiled package uses must exist in the
// Vant version installed, with only the properties, external classes and
// events that version's own component code defines: read from what each
// component passes to Component() when loaded (tools/compiled/load.ts) and
// from the events its code emits ($emit / triggerEvent), not from a hand
// list. WeChat does not complain about an unknown attribute or event: it
// is silently dropped (bind:click-action on a van-search that never emits
// it), so this check is stricter than the platform on purpose.
import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { walkFiles } from '../build/fsutil';
import type { LoadReport } from './load';
import { resolveRequire } from './require';

export interface UsageProblem {
  /** Package-relative .wxml (or .json) file. */
  file: string;
  tag: string;
  message: string;
}

export function formatUsageProblem(p: UsageProblem): string {
  return `${p.file} <${p.tag}>: ${p.message}`;
}

/**
 * Events every component node gets: WeChat's bubbling touch and animation
 * events reach a custom component's host node.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html (冒泡事件)
 */
const BUBBLING_EVENTS = new Set([
  'touchstart',
  'touchmove',
  'touchcancel',
  'touchend',
  'tap',
  'longpress',
  'longtap',
  'transitionend',
  'animationstart',
  'animationiteration',
  'animationend',
  'touchforcechange',
]);

/** Attributes any component takes (id, class, style, hidden, data-*, slot, wx:*, generic:*, mark:*). */
function isCommonAttribute(name: string): boolean {
  return ['id', 'class', 'style', 'hidden', 'slot'].includes(name) || /^(data-|wx:|generic:|mark:)/.test(name);
}

/** The event an attribute binds (bindtap, bind:tap, catch:tap, capture-bind:tap, mut-bind:tap), if any. */
function boundEvent(name: string): string | null {
  const m = /^(?:capture-bind|capture-catch|mut-bind|bind|catch):?(.+)$/.exec(name);
  return m ? (m[1] as string) : null;
}

/** 'use-button-slot' → 'useButtonSlot': how WXML attributes map to properties (Component() doc). */
function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

interface Interface {
  properties: Set<string>;
  externalClasses: Set<string>;
  events: Set<string>;
  /** Events emitted as '<prefix>' + something (Vant's transition: after-enter, after-leave). */
  prefixes: Set<string>;
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The event names a component's code emits. Literal names first; Vant also
 * emits through helpers, and each dynamic form is followed to where its
 * name comes from: a method parameter (tabs' trigger('change') → $emit(eventName)),
 * a dataset value from the component's WXML (picker's data-type="confirm"),
 * or a literal prefix ("after-".concat(status)).
 */
function emittedEvents(code: string, wxml: string, events: Set<string>, prefixes: Set<string>): void {
  for (const m of code.matchAll(/(?:\$emit|triggerEvent)\(\s*(['"])([\w-]+)\1/g)) events.add(m[2] as string);
  for (const m of code.matchAll(/\$emit\(\s*(['"])([\w-]+)\1\.concat\(/g)) prefixes.add(m[2] as string);
  for (const m of code.matchAll(/\$emit\(\s*([A-Za-z_$][\w$]*)\s*[,)]/g)) {
    const ident = m[1] as string;
    const before = code.slice(0, m.index);
    const methods = [...before.matchAll(/([A-Za-z_$][\w$]*)\s*:\s*function\s*\(([^)]*)\)/g)];
    const method = methods[methods.length - 1];
    const params = (method?.[2] ?? '').split(',').map((x) => x.trim());
    if (method && params.includes(ident)) {
      const call = new RegExp(`\\.${method[1] as string}\\(\\s*(['"])([\\w-]+)\\1`, 'g');
      for (const c of code.matchAll(call)) events.add(c[2] as string);
    } else {
      for (const d of wxml.matchAll(new RegExp(`data-${ident}="([\\w-]+)"`, 'g'))) events.add(d[1] as string);
    }
  }
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/** Properties from the definition and, recursively, its behaviors (wx://form-field adds name and value). */
function collectProperties(def: Record<string, unknown>, into: Set<string>): void {
  for (const key of Object.keys(record(def.properties))) into.add(key);
  const behaviors = Array.isArray(def.behaviors) ? (def.behaviors as unknown[]) : [];
  for (const b of behaviors) {
    // https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/behaviors.html (内置 behaviors)
    if (b === 'wx://form-field') ['name', 'value'].forEach((p) => into.add(p));
    else collectProperties(record(record(b).behavior), into);
  }
}

function componentInterface(dir: string, report: LoadReport, module: string): Interface | null {
  const found = report.definitions.get(module);
  if (!found || found.kind !== 'Component') return null;
  const def = record(found.def);
  const properties = new Set<string>();
  collectProperties(def, properties);
  const externalClasses = new Set(Array.isArray(def.externalClasses) ? def.externalClasses.map(String) : []);
  // Events: literal names the component's own code (and what it requires) emits.
  const events = new Set<string>();
  const prefixes = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(path.join(dir, file), 'utf8');
    emittedEvents(code, readIfExists(path.join(dir, file.replace(/\.js$/, '.wxml'))), events, prefixes);
    for (const dep of report.requires.get(file) ?? []) visit(dep);
  };
  visit(module);
  childEmits(dir, module, record(def.relations), events);
  return { properties, externalClasses, events, prefixes };
}

/**
 * Events a component's related children emit on it: Vant's van-radio does
 * `var instance = this.parent || this; instance.$emit('change', …)` and
 * van-checkbox `emit(parent, …)`, so van-radio-group's and
 * van-checkbox-group's documented `change` comes from their children's code.
 * Relations as in WeChat's doc (组件间关系, type descendant/child):
 * https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/relations.html
 * Only `<other>.$emit('name'` counts: what a child emits on itself stays its own.
 */
function childEmits(dir: string, module: string, relations: Record<string, unknown>, events: Set<string>): void {
  for (const [target, relation] of Object.entries(relations)) {
    const type = record(relation).type;
    if (type !== 'descendant' && type !== 'child') continue;
    const code = readIfExists(path.join(dir, path.posix.join(path.posix.dirname(module), `${target}.js`)));
    for (const m of code.matchAll(/([A-Za-z_$][\w$]*)\.\$emit\(\s*(['"])([\w-]+)\2/g)) {
      if (m[1] !== 'this' && m[1] !== '_this') events.add(m[3] as string);
    }
  }
}

/** The package-relative module a usingComponents value names, as WeChat resolves it. */
function componentModule(files: ReadonlySet<string>, jsonFile: string, value: string): string | null {
  if (value.startsWith('/')) {
    const file = `${value.slice(1)}.js`;
    return files.has(file) ? file : null;
  }
  const r = resolveRequire(files, jsonFile, value);
  return r.ok ? r.file : null;
}

export function checkVantUsage(dir: string, report: LoadReport): UsageProblem[] {
  const files = new Set(
    walkFiles(dir, () => true, new Set()).map((f) => path.relative(dir, f).split(path.sep).join('/')),
  );
  const problems: UsageProblem[] = [];
  for (const json of [...files].filter((f) => f.endsWith('.json') && !f.startsWith('miniprogram_npm/')).sort()) {
    const using = record(record(JSON.parse(fs.readFileSync(path.join(dir, json), 'utf8'))).usingComponents);
    const wxml = json.replace(/\.json$/, '.wxml');
    const vant = new Map<string, Interface>();
    for (const [tag, value] of Object.entries(using)) {
      if (typeof value !== 'string' || !/(^|\/)@vant\/weapp\//.test(value)) continue;
      const module = componentModule(files, json, value);
      const iface = module ? componentInterface(dir, report, module) : null;
      if (!iface) {
        problems.push({
          file: json,
          tag,
          message: `usingComponents "${value}" is not a Vant component in the package`,
        });
        continue;
      }
      vant.set(tag, iface);
    }
    if (vant.size === 0 || !files.has(wxml)) continue;
    const parser = new Parser(
      {
        onopentag(tag, attrs) {
          const iface = vant.get(tag);
          if (!iface) return;
          for (const name of Object.keys(attrs)) {
            if (isCommonAttribute(name)) continue;
            const event = boundEvent(name);
            if (event !== null) {
              if (
                !iface.events.has(event) &&
                !BUBBLING_EVENTS.has(event) &&
                ![...iface.prefixes].some((x) => event.startsWith(x))
              ) {
                problems.push({ file: wxml, tag, message: `${name}: Vant's ${tag} never emits "${event}"` });
              }
              continue;
            }
            const prop = name.startsWith('model:') ? name.slice('model:'.length) : name;
            if (iface.properties.has(camel(prop)) || iface.externalClasses.has(prop)) continue;
            problems.push({ file: wxml, tag, message: `${name}: not a property or external class of Vant's ${tag}` });
          }
        },
      },
      { xmlMode: false, lowerCaseTags: false, lowerCaseAttributeNames: false, recognizeSelfClosing: true },
    );
    parser.write(fs.readFileSync(path.join(dir, wxml), 'utf8'));
    parser.end();
  }
  return problems;
}
