// The slice of j-component and miniprogram-exparser the preview runtime
// uses (neither package ships types).

declare module 'miniprogram-exparser' {
  export interface ExparserNode {
    $$: HTMLElement | null;
    __domElement?: HTMLElement;
    id: string;
    is: string;
    dataset: Record<string, unknown>;
    parentNode: ExparserNode | null;
    childNodes: ExparserNode[];
    shadowRoot: ExparserNode | null;
    ownerShadowRoot: ExparserShadowRoot | null;
    classList: { toggle(name: string, force?: boolean): void; getPrefix(): string };
    triggerLifeTime(name: string, args: unknown[]): void;
    triggerPageLifeTime(name: string, args: unknown[]): void;
    __componentOptions?: { classPrefix: string };
  }
  export interface ExparserShadowRoot extends ExparserNode {
    getHostNode(): ExparserNode;
  }
  export interface ExparserEvent {
    type: string;
    detail: unknown;
  }
  const exparser: {
    Element: {
      getMethodCaller(node: ExparserNode): Record<string, unknown> & { data: Record<string, unknown> };
      pretendAttached(node: ExparserNode): void;
      pretendDetached(node: ExparserNode): void;
    };
    Component: {
      hasPublicProperty(node: ExparserNode, name: string): boolean;
    };
    Event: {
      create(name: string, detail: unknown, options: Record<string, unknown>): ExparserEvent;
      dispatchEvent(target: ExparserNode | Node, event: ExparserEvent): void;
    };
    addGlobalErrorListener(
      fn: (err: unknown, info: { message?: string; type?: string; element?: ExparserNode }) => boolean | void,
    ): void;
  };
  export default exparser;
}

declare module 'j-component' {
  import type { ExparserNode } from 'miniprogram-exparser';
  export interface RootComponent {
    readonly dom: HTMLElement;
    readonly instance: Record<string, unknown> & { data: Record<string, unknown> };
    readonly _exparserNode: ExparserNode;
    attach(parent: Element): void;
    detach(): void;
    triggerPageLifeTime(name: string, ...args: unknown[]): void;
    triggerLifeTime(name: string, ...args: unknown[]): void;
  }
  const jComponent: {
    register(definition: Record<string, unknown>): string;
    behavior(definition: Record<string, unknown>): string;
    create(id: string, properties?: Record<string, unknown>): RootComponent | undefined;
  };
  export default jComponent;
}

declare module 'j-component/src/tool/utils' {
  const utils: { transformRpx: (style: string, keep?: boolean) => string };
  export default utils;
}

declare module '*.css' {
  const text: string;
  export default text;
}
