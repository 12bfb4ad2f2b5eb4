// wx interaction: toast, loading, modal, action sheet, image preview, drawn over the phone (../ui.ts).
import * as router from '../router';
import { resolveSrc } from '../builtins';
import * as ui from '../ui';
import { ApiFail, api, str, type Obj, type WxApis } from './api';

export function interactionApis(): WxApis {
  return {
    // interaction
    showToast: api<Obj>('showToast', (o) => {
      const icon = ['success', 'error', 'loading', 'none'].includes(str(o.icon))
        ? (str(o.icon) as ui.ToastOptions['icon'])
        : 'success';
      ui.showToast({
        title: str(o.title),
        icon,
        ...(o.image ? { image: resolveSrc(str(o.image), `/${router.top()?.route || ''}`) } : {}),
        duration: Number(o.duration ?? 1500),
        mask: !!o.mask,
      });
    }),
    hideToast: api<Obj>('hideToast', () => ui.hideToast()),
    showLoading: api<Obj>('showLoading', (o) =>
      ui.showToast({ title: str(o.title), icon: 'loading', duration: Infinity, mask: !!o.mask }),
    ),
    hideLoading: api<Obj>('hideLoading', () => ui.hideToast()),
    showModal: api<Obj>('showModal', async (o) =>
      ui.showModal({
        title: str(o.title),
        content: str(o.content),
        showCancel: o.showCancel !== false,
        cancelText: str(o.cancelText, '取消'),
        cancelColor: str(o.cancelColor, '#000000'),
        confirmText: str(o.confirmText, '确定'),
        confirmColor: str(o.confirmColor, '#576B95'),
        editable: !!o.editable,
        placeholderText: str(o.placeholderText),
      }),
    ),
    showActionSheet: api<Obj>('showActionSheet', async (o) => {
      const list = Array.isArray(o.itemList) ? o.itemList.map((i) => str(i)) : [];
      const tapIndex = await ui.showActionSheet(list, str(o.itemColor, '#000000'), str(o.alertText));
      if (tapIndex === null) throw new ApiFail('cancel');
      return { tapIndex };
    }),
    previewImage: api<Obj>('previewImage', (o) => {
      const from = `/${router.top()?.route || ''}`;
      const urls = (Array.isArray(o.urls) ? o.urls : []).map((u) => resolveSrc(str(u), from));
      const current = resolveSrc(str(o.current || (Array.isArray(o.urls) ? o.urls[0] : '')), from);
      if (!urls.length) throw new ApiFail('urls is empty');
      ui.showLightbox(urls, current);
    }),
    previewMedia: api<Obj>('previewMedia', (o) => {
      const sources = (Array.isArray(o.sources) ? o.sources : []) as Obj[];
      const urls = sources.map((s) => resolveSrc(str(s.url), `/${router.top()?.route || ''}`));
      ui.showLightbox(urls, urls[Number(o.current) || 0] || '');
    }),
  };
}
