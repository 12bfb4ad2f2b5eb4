// The sign-up form's event-specific part (issue 15): the event's custom
// fields and the companions (同行人员) of a group sign-up, as a Behavior so
// the form page keeps only its own flow. Logic in utils/signup-extras.ts.
//
// Template data: fields (FieldView[]), answers (by field id), answerErrors,
// groupMax, groupNote, companions, companionErrors, seatNote, reviewRequired,
// fieldsNotice (a refusal named a field staff removed meanwhile).
// Handlers: onAnswerChange (van-field / radio / checkbox, data-id),
// onAnswerDate (<picker mode="date">, data-id), onAddCompanion,
// onRemoveCompanion and onCompanionChange (data-index, data-key).
import { ERROR_MESSAGES } from '../contract/errors';
import type { EventDetail } from '../contract/events';
import type { Answers, CompanionInput, SignupField } from '../contract/signup-form';
import {
  answerErrors,
  answerMessage,
  collectAnswers,
  collectCompanions,
  companionErrors,
  emptyCompanion,
  errorPlace,
  FIELDS_UPDATED,
  groupNote,
  isCompanionKey,
  keepDraft,
  seatNote,
  toFieldViews,
  type AnswerDraft,
  type CompanionDraft,
  type CompanionErrors,
  type FieldView,
} from '../utils/signup-extras';

/** The field definitions as the server sent them (limits the template does not need). */
const definitions = new WeakMap<object, SignupField[]>();

function fieldsOf(host: object): SignupField[] {
  return definitions.get(host) ?? [];
}

interface DatasetEvent<T> {
  detail: T;
  currentTarget: { dataset: { id?: string; index?: number | string; key?: string } };
}

function indexOf(e: DatasetEvent<unknown>): number {
  const n = Number(e.currentTarget.dataset.index);
  return Number.isInteger(n) && n >= 0 ? n : -1;
}

export const signupExtras = Behavior({
  data: {
    fields: [] as FieldView[],
    answers: {} as AnswerDraft,
    answerErrors: {} as Record<string, string>,
    reviewRequired: false,
    groupMax: 1,
    groupNote: '',
    companions: [] as CompanionDraft[],
    companionErrors: [] as CompanionErrors[],
    seatNote: '',
    fieldsNotice: '',
  },

  lifetimes: {
    detached() {
      definitions.delete(this);
    },
  },

  methods: {
    /**
     * The event's fields and group size, on every load (again after a refusal that
     * may come from a change by staff). What was typed is kept for the fields that
     * still exist; companions beyond a smaller group size are kept too, marked in
     * the template, and block the submit until the member removes them.
     */
    setupExtras(detail: EventDetail) {
      definitions.set(this, detail.fields);
      const answers = keepDraft(detail.fields, this.data.answers);
      const groupMax = Math.max(1, detail.groupMax);
      const companions = this.data.companions;
      this.setData({
        fields: toFieldViews(detail.fields),
        answers,
        answerErrors: {},
        reviewRequired: detail.reviewRequired,
        groupMax,
        groupNote: groupNote(groupMax),
        companions,
        companionErrors: companions.map(() => ({})),
        seatNote: groupMax > 1 || companions.length ? seatNote(companions.length + 1, detail.reviewRequired) : '',
      });
    },

    /** van-field's change (text), van-radio-group's (the option), van-checkbox-group's (the options). */
    onAnswerChange(e: DatasetEvent<unknown>) {
      const id = e.currentTarget.dataset.id;
      if (!id) return;
      const value = Array.isArray(e.detail)
        ? e.detail.filter((v): v is string => typeof v === 'string')
        : typeof e.detail === 'string'
          ? e.detail
          : '';
      this.setAnswer(id, value);
    },

    /** <picker mode="date">'s change: detail.value is YYYY-MM-DD. */
    onAnswerDate(e: DatasetEvent<{ value?: unknown }>) {
      const id = e.currentTarget.dataset.id;
      const value = e.detail && typeof e.detail.value === 'string' ? e.detail.value : '';
      if (id) this.setAnswer(id, value);
    },

    setAnswer(id: string, value: string | string[]) {
      const patch: Record<string, unknown> = { [`answers.${id}`]: value };
      // A choice is checked as it is made (nothing more is typed); a text field's message clears while typing.
      const field = fieldsOf(this).find((f) => f.id === id);
      if (field && (field.type === 'single' || field.type === 'multi' || field.type === 'date')) {
        patch[`answerErrors.${id}`] = answerMessage(field, value);
      } else if (this.data.answerErrors[id]) {
        patch[`answerErrors.${id}`] = '';
      }
      this.setData(patch);
    },

    onAddCompanion() {
      const count = this.data.companions.length;
      if (count + 1 >= this.data.groupMax) return;
      this.setData({
        [`companions[${count}]`]: emptyCompanion(this.data.companions),
        [`companionErrors[${count}]`]: {},
        seatNote: seatNote(count + 2, this.data.reviewRequired),
      });
    },

    onRemoveCompanion(e: DatasetEvent<unknown>) {
      const index = indexOf(e);
      if (index < 0 || index >= this.data.companions.length) return;
      const companions = this.data.companions.filter((_, i) => i !== index);
      this.setData({
        companions,
        // The messages name each companion by place, which has changed.
        companionErrors: companions.map(() => ({})),
        seatNote: seatNote(companions.length + 1, this.data.reviewRequired),
      });
    },

    onCompanionChange(e: DatasetEvent<unknown>) {
      const index = indexOf(e);
      const key = e.currentTarget.dataset.key;
      if (index < 0 || index >= this.data.companions.length || !isCompanionKey(key)) return;
      const patch: Record<string, unknown> = {
        [`companions[${index}].${key}`]: typeof e.detail === 'string' ? e.detail : '',
      };
      const errors = this.data.companionErrors[index];
      if (errors && errors[key]) patch[`companionErrors[${index}].${key}`] = '';
      this.setData(patch);
    },

    /** Checks the answers and companions, shows every message; true when they may be sent. */
    checkExtras(): boolean {
      const answers = answerErrors(fieldsOf(this), this.data.answers);
      const companions = companionErrors(this.data.companions);
      this.setData({ answerErrors: answers, companionErrors: companions, fieldsNotice: '' });
      // Companions beyond the group size carry their mark (in the template) until removed.
      const fits = this.data.companions.length < this.data.groupMax;
      return fits && !Object.keys(answers).length && companions.every((c) => !Object.keys(c).length);
    },

    /** What the sign-up sends beyond the profile; keys left out when there is nothing. */
    extrasPayload(): { answers?: Answers; companions?: CompanionInput[] } {
      const answers = collectAnswers(fieldsOf(this), this.data.answers);
      const companions = collectCompanions(this.data.companions);
      return {
        ...(Object.keys(answers).length ? { answers } : {}),
        ...(companions.length ? { companions } : {}),
      };
    },

    /**
     * Whether a refusal about `field` may come from staff changing the event since
     * the form loaded (an answer's field, or the group size): then the form loads
     * the event again before showExtrasError places the message.
     */
    changedMeanwhile(field: string | undefined): boolean {
      const kind = errorPlace(field).kind;
      return kind === 'answer' || kind === 'group';
    },

    /**
     * Puts a server message about `answers.<id>`, `companions.<i>.<key>` or
     * `companions` where it belongs; false when it is none of them.
     */
    showExtrasError(field: string | undefined, message: string): boolean {
      const place = errorPlace(field);
      if (place.kind === 'answer') {
        const answered = fieldsOf(this).find((f) => f.id === place.id);
        // Removed meanwhile: the reloaded form no longer shows (or sends) it.
        if (!answered) return this.noteFieldsUpdated();
        // The generic VALIDATION wording says nothing about the field: the form's own check does.
        const own =
          message === ERROR_MESSAGES.VALIDATION
            ? answerMessage(answered, this.data.answers[place.id]) || message
            : message;
        this.setData({ [`answerErrors.${place.id}`]: own });
        return true;
      }
      if (place.kind === 'group') {
        // The companions beyond the group size are marked with the rule; the submit waits for their removal.
        if (this.data.companions.length >= this.data.groupMax) {
          wx.showToast({ title: message, icon: 'none' });
          return true;
        }
        return this.noteFieldsUpdated();
      }
      if (place.kind === 'companion' && place.index < this.data.companions.length) {
        this.setData({ [`companionErrors[${place.index}].${place.key}`]: message });
        return true;
      }
      return false;
    },

    /** The event's form changed under the member: say so above its fields (and in a toast, which shows wherever they are). */
    noteFieldsUpdated(): true {
      this.setData({ fieldsNotice: FIELDS_UPDATED });
      wx.showToast({ title: FIELDS_UPDATED, icon: 'none' });
      return true;
    },
  },
});
