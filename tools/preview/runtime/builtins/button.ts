// button: open-type share / agreePrivacyAuthorization, loading, hover, form submit.
import exparser, { type ExparserNode } from 'miniprogram-exparser';
import * as ui from '../ui';
import { builtinHost, bindHover, dom, hoverProps, onTap, register, str } from './base';

// ---- button ----
export function registerButton(): void {
  register('button', {
    properties: {
      ...hoverProps('button-hover', 20, 70),
      size: { type: String, value: 'default' },
      type: { type: String, value: 'default' },
      plain: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      loading: { type: Boolean, value: false },
      formType: { type: String, value: '' },
      openType: { type: String, value: '' },
      lang: { type: String, value: 'en' },
      sessionFrom: { type: String, value: '' },
      sendMessageTitle: { type: String, value: '' },
      sendMessagePath: { type: String, value: '' },
      sendMessageImg: { type: String, value: '' },
      appParameter: { type: String, value: '' },
      showMessageCard: { type: Boolean, value: false },
    },
    reflectProps: ['size', 'type', 'plain', 'disabled', 'loading', 'openType'],
    attached() {
      const el = dom(this);
      if (el) el.setAttribute('role', 'button');
      bindHover(this, { start: 20, stay: 70 });
      onTap(this, () => {
        if (this.data.disabled || this.data.loading) return;
        const openType = str(this.data.openType);
        const node = this._exparserNode;
        const target = { id: node.id || '', dataset: { ...(node.dataset || {}) } };
        if (openType === 'share') builtinHost()?.shareFromButton(node, target);
        else if (openType === 'agreePrivacyAuthorization') {
          builtinHost()?.agreePrivacy(node.id || '');
          this.triggerEvent('agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' });
        } else if (openType === 'getPhoneNumber') {
          this.triggerEvent('getphonenumber', { errMsg: 'getPhoneNumber:fail 预览环境无法获取手机号' });
        } else if (openType === 'getRealtimePhoneNumber') {
          this.triggerEvent('getrealtimephonenumber', { errMsg: 'getRealtimePhoneNumber:fail 预览环境无法获取手机号' });
        } else if (openType === 'chooseAvatar') {
          this.triggerEvent('chooseavatar', { avatarUrl: '' });
        } else if (
          openType === 'contact' ||
          openType === 'feedback' ||
          openType === 'openSetting' ||
          openType === 'launchApp'
        ) {
          ui.showToast({ title: `预览环境不支持 open-type="${openType}"`, icon: 'none', duration: 1500, mask: false });
        }
        const formType = str(this.data.formType);
        if (formType === 'submit' || formType === 'reset') submitForm(node, formType);
      });
    },
  });
}

function submitForm(button: ExparserNode, kind: 'submit' | 'reset'): void {
  const el = button.$$;
  const formEl = el?.closest('wx-form');
  if (!formEl) return;
  const formNode = (formEl as HTMLElement & { __wxElement?: ExparserNode }).__wxElement;
  if (!formNode) return;
  const caller = exparser.Element.getMethodCaller(formNode);
  if (kind === 'reset') {
    (caller.__reset as () => void)();
    return;
  }
  const value: Record<string, unknown> = {};
  formEl.querySelectorAll('wx-input, wx-textarea, wx-picker').forEach((f) => {
    const node = (f as HTMLElement & { __wxElement?: ExparserNode }).__wxElement;
    if (!node) return;
    const data = exparser.Element.getMethodCaller(node).data;
    if (data.name) value[str(data.name)] = data.value;
  });
  (caller.__submit as (v: unknown) => void)(value);
}
