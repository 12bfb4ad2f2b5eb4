// The API contract shared by the mini program and the cloud functions.
// Lives under miniprogram/ because DevTools only compiles what is inside
// miniprogramRoot; cloud functions are bundled and import it from here.

export * from './errors';
export * from './content';
export * from './events';
export * from './signup-form';
export * from './roles';
export * from './shares';
export * from './text';

/** Every cloud function call carries exactly this. */
export interface CallRequest<A extends string = string, P = unknown> {
  action: A;
  payload?: P;
}

export interface OkEnvelope<D> {
  ok: true;
  data: D;
}

export interface ErrEnvelope {
  ok: false;
  code: import('./errors').ErrorCode;
  message: string;
  /** For VALIDATION: the payload field that failed, e.g. "phone". */
  field?: string;
}

export type Envelope<D> = OkEnvelope<D> | ErrEnvelope;

/** Names of the cloud functions (one per domain). */
export type FunctionName = 'content' | 'events';

import type { ContentActions } from './content';
import type { EventsActions } from './events';
import type { RolesActions } from './roles';
import type { SharesActions } from './shares';

/** Every action of every function, with its payload and result types. */
export interface Api {
  /** Sharing (shares.*, stats.*, content.qrcode, scene.resolve) is served by the content function. */
  content: ContentActions & SharesActions;
  /** Role management (roles.*) is served by the events function. */
  events: EventsActions & RolesActions;
}

export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type PayloadOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { payload: infer P }
  ? P
  : never;
export type ResultOf<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { result: infer R }
  ? R
  : never;
