// The event editor's custom sign-up fields (自定义报名项), as a Behavior:
// added (type from an action sheet), edited, reordered, removed (asking
// first when members answered one: the answers stay in the export as
// 「…（已删除）」), checked with the contract's fieldProblems before a save,
// and a refused save shown at the field it names. The drafts and their
// rules are in admin/utils/signup-fields.ts.
//
// Template data: form.fields (the drafts), fieldErrors (per field, '' when
// fine), fieldsError (about the list). form, busy and eventStatus are the
// page's (declared here as well, so these methods see them typed).
import { FIELD_MESSAGES, FIELD_RULES, FIELD_TYPE_LABELS } from '../../../contract/index';
import { call } from '../../../services/cloud';
import { emptyEventForm } from '../../utils/event-form';
import { confirm, indexOf, toast, valueOf, type InputEvent } from '../../utils/guard';
import {
  checkFields,
  fieldErrorTarget,
  FIELD_TYPES,
  hasFieldErrors,
  moved,
  newDraft,
  type FieldDraft,
} from '../../utils/signup-fields';

type DraftText = 'label' | 'min' | 'max' | 'optionsText';
const DRAFT_TEXT: readonly string[] = ['label', 'min', 'max', 'optionsText'];

/** Field ids members answered, per page instance: read once, when a saved field is first removed. */
const answeredIds = new WeakMap<object, Set<string> | null>();

/** The ids of the fields any sign-up of the event answered; null when the list could not be read. */
async function answeredFieldIds(eventId: string): Promise<Set<string> | null> {
  try {
    const { attendees } = await call('events', 'signup.list', { eventId });
    return new Set(attendees.flatMap((a) => a.answers.map((v) => v.fieldId)));
  } catch {
    return null;
  }
}

export const customFields = Behavior({
  data: {
    form: emptyEventForm(),
    busy: '' as '' | 'save' | 'cancel',
    eventStatus: 'new' as 'new' | 'open' | 'cancelled',
    /** A message per custom field ('' when fine), in form order. */
    fieldErrors: [] as string[],
    /** About the field list as a whole. */
    fieldsError: '',
  },
  methods: {
    /** The page loaded the event: no messages yet, answers to be read again. */
    fieldsLoaded(): void {
      answeredIds.delete(this);
      this.setData({ fieldErrors: this.data.form.fields.map(() => ''), fieldsError: '' });
    },

    /** Checks the drafts and shows every problem; the first message, or '' when they may be sent. */
    checkFieldsShown(): string {
      const check = checkFields(this.data.form.fields);
      this.setData({ fieldErrors: check.errors, fieldsError: check.listError });
      return hasFieldErrors(check) ? check.listError || check.errors.find(Boolean) || '' : '';
    },

    /** Saved: removing one from here on may touch answers, so members' answers are read again then. */
    fieldsSaved(): void {
      answeredIds.delete(this);
      this.setData({ 'form.fields': this.data.form.fields.map((f) => ({ ...f, saved: true })) });
    },

    /** A refused save's VALIDATION field, shown when it is about the custom fields (true then). */
    markFieldRefusal(path: string, message: string): boolean {
      const target = fieldErrorTarget(path);
      if (!target) return false;
      if ('index' in target && this.data.form.fields[target.index]) {
        this.setData({ [`fieldErrors[${target.index}]`]: message });
      } else {
        this.setData({ fieldsError: message });
      }
      return true;
    },

    editable(): boolean {
      return !this.data.busy && this.data.eventStatus !== 'cancelled';
    },

    setFields(fields: FieldDraft[], fieldErrors: string[]) {
      this.setData({ 'form.fields': fields, fieldErrors, fieldsError: '' });
    },

    /**
     * The type from an action sheet: its six items are the six types
     * (wx.showActionSheet takes at most 6 items:
     * https://developers.weixin.qq.com/miniprogram/dev/api/ui/interaction/wx.showActionSheet.html).
     */
    onAddField() {
      if (!this.editable()) return;
      const fields = this.data.form.fields;
      if (fields.length >= FIELD_RULES.fieldsMax) {
        toast(FIELD_MESSAGES.tooMany);
        return;
      }
      wx.showActionSheet({
        alertText: '选择报名项类型',
        itemList: FIELD_TYPES.map((t) => FIELD_TYPE_LABELS[t]),
        success: (res) => {
          const current = this.data.form.fields;
          const draft = newDraft(
            res.tapIndex,
            current.map((f) => f.id),
          );
          if (!draft || current.length >= FIELD_RULES.fieldsMax) return;
          this.setFields([...current, draft], [...this.data.fieldErrors.slice(0, current.length), '']);
        },
      });
    },

    onFieldText(e: InputEvent) {
      const i = indexOf(e);
      const key = e.currentTarget.dataset.key;
      if (!this.data.form.fields[i] || typeof key !== 'string' || !DRAFT_TEXT.includes(key)) return;
      this.setData({
        [`form.fields[${i}].${key as DraftText}`]: valueOf(e),
        [`fieldErrors[${i}]`]: '',
        fieldsError: '',
      });
    },

    onFieldRequired(e: { detail: { value?: unknown }; currentTarget: { dataset: Record<string, unknown> } }) {
      const i = indexOf(e);
      if (!this.data.form.fields[i] || !this.editable()) return;
      this.setData({ [`form.fields[${i}].required`]: !!e.detail.value, [`fieldErrors[${i}]`]: '' });
    },

    onMoveField(e: InputEvent) {
      const i = indexOf(e);
      const step = e.currentTarget.dataset.step === 'up' ? -1 : 1;
      if (!this.editable()) return;
      this.setFields(moved(this.data.form.fields, i, step), moved(this.data.fieldErrors, i, step));
    },

    /** Removing a field members answered keeps the answers: the export shows them as 「…（已删除）」. */
    async onRemoveField(e: InputEvent) {
      const i = indexOf(e);
      const field = this.data.form.fields[i];
      if (!field || !this.editable()) return;
      const name = field.label.trim() || `第${i + 1}项`;
      if (field.saved && this.data.form.id) {
        if (!answeredIds.has(this)) answeredIds.set(this, await answeredFieldIds(this.data.form.id));
        const answered = answeredIds.get(this);
        // Unknown (the list could not be read): ask as if answered.
        if (!answered || answered.has(field.id)) {
          const who = answered ? `已有成员填写了「${name}」。` : `未能确认是否已有成员填写「${name}」。`;
          const ok = await confirm({
            title: '删除报名项',
            content: `${who}删除后不再向新报名的成员询问，已填写的内容仍保留在导出的报名表中，列名为「${name}（已删除）」。确定删除吗？`,
            confirmText: '删除',
            danger: true,
          });
          if (!ok) return;
        }
      }
      // Looked up again: the list may have changed while the dialog was up.
      const at = this.data.form.fields.findIndex((f) => f.id === field.id);
      if (at < 0) return;
      this.setFields(
        this.data.form.fields.filter((_, j) => j !== at),
        this.data.fieldErrors.filter((_, j) => j !== at),
      );
    },
  },
});
