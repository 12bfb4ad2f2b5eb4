// wx storage: the browser's localStorage, JSON-cloned like WeChat's (../storage.ts).
import * as storage from '../storage';
import { ApiFail, api, str, type Obj, type WxApis } from './api';

export function storageApis(): WxApis {
  return {
    // storage
    setStorageSync: (key: string, data: unknown) => storage.storageSet(str(key), data),
    getStorageSync: (key: string) => storage.storageGet(str(key)),
    removeStorageSync: (key: string) => storage.storageRemove(str(key)),
    clearStorageSync: () => storage.storageClear(),
    getStorageInfoSync: () => storage.storageInfo(),
    setStorage: api<Obj>('setStorage', (o) => storage.storageSet(str(o.key), o.data)),
    getStorage: api<Obj>('getStorage', (o) => {
      if (!storage.storageHas(str(o.key))) throw new ApiFail('data not found');
      return { data: storage.storageGet(str(o.key)) };
    }),
    removeStorage: api<Obj>('removeStorage', (o) => storage.storageRemove(str(o.key))),
    clearStorage: api<Obj>('clearStorage', () => storage.storageClear()),
    getStorageInfo: api<Obj>('getStorageInfo', () => storage.storageInfo()),
  };
}
