// Sign-up form: prefilled from the member's profile, the event's own fields
// and companions (behaviors/signup-extras.ts), checked on the client before
// any call, privacy consent first, subscribe request on submit, and one call
// however often the button is tapped. In review mode it says the sign-up
// waits for the organiser.
import { ERROR_MESSAGES, SUBSCRIBE_TEMPLATES, type EventDetail } from '../../contract/index';
import { call, CloudError, errorMessage } from '../../services/cloud';
import { ownSignupReason, signupBlockedReason } from '../../utils/event-view';
import { signupExtras } from '../../behaviors/signup-extras';
import {
  DEFAULT_CONTRACT_NAME,
  PrivacyRequests,
  addPrivacyHost,
  getPrivacySetting,
  openPrivacyContract,
  pageOf,
} from '../../utils/privacy';
import { formatTimeRange } from '../../utils/format';
import { markSignupChanged } from '../../utils/signup-state';
import { requestSubscribe } from '../../utils/subscribe';
import {
  hasErrors,
  isSignupField,
  normalizeSignup,
  validateField,
  validateSignup,
  type FieldErrors,
  type SignupForm,
} from '../../utils/validate';

const TEMPLATE_IDS: readonly string[] = [
  SUBSCRIBE_TEMPLATES.signupResult,
  SUBSCRIBE_TEMPLATES.eventReminder,
  SUBSCRIBE_TEMPLATES.eventChange,
];

/** Per-instance state that is never rendered. */
interface Hidden {
  eventId: string;
  /** Consent requests routed here by the app-wide listener (utils/privacy.ts). */
  privacy: PrivacyRequests;
  removePrivacyHost: () => void;
}
const hidden = new WeakMap<object, Hidden>();

function emptyForm(): SignupForm {
  return { name: '', unit: '', position: '', phone: '', remark: '' };
}

/** What the form says once sent. */
const DONE_TEXT = { confirmed: '报名成功', waitlisted: '已进入候补', reviewing: '报名已提交，等待主办方审核' } as const;

Component({
  behaviors: [signupExtras],
  data: {
    loading: true,
    loadError: '',
    loadErrorType: 'error',
    eventTitle: '',
    eventTime: '',
    blockedReason: '',
    form: emptyForm(),
    errors: {} as FieldErrors,
    formError: '',
    submitting: false,
    done: false,
    doneText: '',
    privacyNeeded: false,
    privacyShow: false,
    privacyContractName: DEFAULT_CONTRACT_NAME,
  },

  lifetimes: {
    detached() {
      const state = hidden.get(this);
      if (state) {
        state.removePrivacyHost();
        // The form is gone: nothing may wait for its answer.
        state.privacy.disagree();
      }
      hidden.delete(this);
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const privacy = new PrivacyRequests();
      // A privacy API (or component) waiting for consent while this form is on screen shows our popup.
      const removePrivacyHost = addPrivacyHost({
        page: pageOf(this),
        ask: (resolve) => {
          privacy.add(resolve);
          this.setData({ privacyNeeded: true, privacyShow: true });
        },
      });
      hidden.set(this, { eventId: query.id || '', privacy, removePrivacyHost });
      getPrivacySetting().then((setting) => {
        this.setData({
          privacyContractName: setting.privacyContractName,
          privacyNeeded: setting.needAuthorization,
          privacyShow: setting.needAuthorization,
        });
      });
      this.load();
    },

    async load() {
      const state = hidden.get(this);
      if (!state || !state.eventId) {
        this.setData({
          loading: false,
          loadError: ERROR_MESSAGES.NOT_FOUND,
          loadErrorType: 'not-found',
        });
        return;
      }
      const [event, profile] = await Promise.all([
        call('events', 'events.get', { id: state.eventId }).then(
          (detail): { detail: EventDetail } | { error: unknown } => ({
            detail,
          }),
          (error: unknown) => ({ error }),
        ),
        // A missing profile only means an empty form.
        call('events', 'member.get', {}).catch(() => null),
      ]);
      const patch: Record<string, unknown> = { loading: false, loadError: '' };
      if ('error' in event) {
        patch.loadError = errorMessage(event.error);
        patch.loadErrorType =
          event.error instanceof CloudError && event.error.code === 'NOT_FOUND' ? 'not-found' : 'error';
      } else {
        const { detail } = event;
        patch.eventTitle = detail.title;
        patch.eventTime = formatTimeRange(detail.startAt, detail.endAt);
        patch.blockedReason = ownSignupReason(detail.mySignup) || signupBlockedReason(detail, Date.now());
        this.setupExtras(detail);
      }
      if (profile) {
        // Never overwrite what the member typed while the profile loaded.
        const form = this.data.form;
        const fill: Array<[keyof SignupForm, string]> = [
          ['name', profile.name],
          ['unit', profile.unit],
          ['position', profile.position],
          ['phone', profile.phone],
        ];
        for (const [field, value] of fill) {
          if (!form[field] && value) patch[`form.${field}`] = value;
        }
      }
      this.setData(patch);
    },

    onRetry() {
      this.setData({ loading: true, loadError: '' });
      this.load();
    },

    /** van-field's change: detail is the new value. */
    onFieldChange(e: { detail: unknown; currentTarget: { dataset: { field?: string } } }) {
      const field = e.currentTarget.dataset.field;
      if (!isSignupField(field)) return;
      const value = typeof e.detail === 'string' ? e.detail : '';
      const patch: Record<string, string> = { [`form.${field}`]: value };
      if (this.data.errors[field]) patch[`errors.${field}`] = '';
      if (this.data.formError) patch.formError = '';
      this.setData(patch);
    },

    async onSubmit() {
      // The double-tap guard: setData updates this.data synchronously, so a
      // second tap that arrives while the first is in flight stops here.
      if (this.data.submitting || this.data.done) return;
      const state = hidden.get(this);
      if (!state) return;
      if (this.data.privacyNeeded) {
        this.setData({ privacyShow: true });
        return;
      }
      const errors = validateSignup(this.data.form);
      // Both checks run so every message shows at once.
      const extrasOk = this.checkExtras();
      if (hasErrors(errors) || !extrasOk) {
        this.setData({ errors, formError: '' });
        return;
      }
      this.setData({ submitting: true, errors: {}, formError: '' });
      const subscribed = await requestSubscribe(TEMPLATE_IDS);
      try {
        const result = await call('events', 'signup.submit', {
          eventId: state.eventId,
          ...normalizeSignup(this.data.form),
          ...this.extrasPayload(),
          subscribed,
        });
        markSignupChanged(state.eventId, result);
        const doneText =
          result.status === 'waitlisted' || result.status === 'reviewing'
            ? DONE_TEXT[result.status]
            : DONE_TEXT.confirmed;
        this.setData({ submitting: false, done: true, doneText });
        // A success toast shows 7 characters at most.
        wx.showToast({ title: result.status === 'reviewing' ? '已提交审核' : doneText, icon: 'success' });
        this.backToDetail(state.eventId);
      } catch (err) {
        this.showError(err);
      }
    },

    /** Field errors go on their field, others above the button; the form is kept. */
    showError(err: unknown) {
      const message = errorMessage(err);
      const field = err instanceof CloudError ? err.field : undefined;
      if (this.changedMeanwhile(field)) {
        // Staff may have changed the fields or the group size since the form loaded:
        // show them as they are now (what was typed is kept), then the message.
        this.load().then(() => {
          this.showExtrasError(field, message);
          this.setData({ submitting: false });
        });
        return;
      }
      if (this.showExtrasError(field, message)) {
        this.setData({ submitting: false });
        return;
      }
      if (isSignupField(field)) {
        // The generic VALIDATION wording says nothing about the field.
        const own =
          message === ERROR_MESSAGES.VALIDATION ? validateField(field, this.data.form[field]) || message : message;
        this.setData({ submitting: false, [`errors.${field}`]: own });
        return;
      }
      this.setData({ submitting: false, formError: message });
      wx.showToast({ title: message, icon: 'none' });
    },

    /** Back to the detail this form was opened from, else open it. */
    backToDetail(eventId: string) {
      const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
      const prev = pages.length > 1 ? pages[pages.length - 2] : undefined;
      if (prev && prev.route === 'pages/event/index') {
        wx.navigateBack({ delta: 1 });
      } else {
        wx.redirectTo({
          url: `/pages/event/index?id=${encodeURIComponent(eventId)}`,
        });
      }
    },

    onAgreePrivacy() {
      const state = hidden.get(this);
      if (state) state.privacy.agree();
      this.setData({ privacyNeeded: false, privacyShow: false });
    },

    onDisagreePrivacy() {
      const state = hidden.get(this);
      if (state) state.privacy.disagree();
      this.setData({ privacyShow: false });
      wx.showToast({ title: '同意隐私保护指引后才能报名', icon: 'none' });
    },

    onOpenPrivacyContract() {
      openPrivacyContract();
    },
  },
});
