// Create or edit an event: title, summary, place (and the venue on the
// map, optional), start/end, sign-up
// deadline, capacity, waitlist on/off, linked report, review mode, group
// size and the custom sign-up fields (fields.ts); cancel it with a
// confirmation (members who signed up are notified by the server).
// Checked with the contract's rules before any call; a refused call marks
// the field and keeps everything typed.
import { call, CloudError, errorMessage } from '../../../services/cloud';
import { queryText } from '../../../utils/format';
import {
  checkEvent,
  EVENT_FIELDS,
  emptyEventForm,
  fromEvent,
  groupMaxOf,
  groupMaxProblem,
  groupSizeLabels,
  hasEventErrors,
  toEventInput,
  type EventErrors,
  type EventField,
} from '../../utils/event-form';
import { confirm, ensureAdmin, toast } from '../../utils/guard';
import { firstLoad } from '../../behaviors/first-load';
import { customFields } from './fields';
import { dateOf } from '../../utils/time';
import { venueOf } from '../../../utils/venue';

interface ArticleOption {
  id: string;
  title: string;
}

const NO_ARTICLE: ArticleOption = { id: '', title: '不关联报道' };

type TextField = 'title' | 'summary' | 'place' | 'capacity';
type TimeField = 'startDate' | 'startTime' | 'endDate' | 'endTime' | 'deadlineDate' | 'deadlineTime';
const TIME_ERROR: Record<TimeField, EventField> = {
  startDate: 'startAt',
  startTime: 'startAt',
  endDate: 'endAt',
  endTime: 'endAt',
  deadlineDate: 'signupDeadline',
  deadlineTime: 'signupDeadline',
};

interface FieldEvent {
  detail: unknown;
  currentTarget: { dataset: { field?: string } };
}

function detailValue(d: unknown): string {
  if (typeof d === 'string') return d;
  if (d && typeof d === 'object' && 'value' in d) {
    const v = (d as { value?: unknown }).value;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
  return '';
}

/** Published reports to link, the current link kept even when it is not among them. */
async function articleOptions(current: string): Promise<ArticleOption[]> {
  let items: ArticleOption[] = [];
  try {
    const page = await call('content', 'articles.adminList', { status: 'published' });
    items = page.items.map((a) => ({ id: a.id, title: a.title }));
  } catch {
    // The form works without the list; the current link stays.
  }
  if (current && !items.some((a) => a.id === current)) items.unshift({ id: current, title: '（当前关联的报道）' });
  return [NO_ARTICLE, ...items];
}

Component({
  behaviors: [firstLoad, customFields],
  data: {
    form: emptyEventForm(),
    errors: {} as EventErrors,
    busy: '' as '' | 'save' | 'cancel',
    eventStatus: 'new' as 'new' | 'open' | 'cancelled',
    signedUp: 0,
    articles: [NO_ARTICLE] as ArticleOption[],
    articleTitles: [NO_ARTICLE.title] as string[],
    articleIndex: 0,
    today: '',
    /** The group-size picker: 1人（仅本人）… up to the capacity entered. */
    groupSizes: groupSizeLabels(emptyEventForm()),
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ today: dateOf(Date.now()) });
      this.load(queryText(query.id));
    },

    async load(id: string) {
      if (this.data.status !== 'loading') this.setData({ status: 'loading', loadError: '' });
      try {
        const [, event] = await Promise.all([ensureAdmin(), id ? call('events', 'events.get', { id }) : null]);
        const form = event ? fromEvent(event) : emptyEventForm();
        const articles = await articleOptions(form.articleId);
        this.setData({
          status: 'ready',
          form,
          errors: {},
          eventStatus: event ? event.status : 'new',
          signedUp: event ? event.confirmed + event.waitlisted : 0,
          articles,
          articleTitles: articles.map((a) => a.title),
          articleIndex: Math.max(
            0,
            articles.findIndex((a) => a.id === form.articleId),
          ),
        });
        this.fitGroupSizes();
        this.fieldsLoaded();
      } catch (err) {
        this.loadFailed(err);
      }
    },

    onRetryLoad() {
      this.load(this.data.form.id);
    },

    clearError(field: EventField) {
      if (this.data.errors[field]) this.setData({ [`errors.${field}`]: '' });
    },

    onTextChange(e: FieldEvent) {
      const field = e.currentTarget.dataset.field as TextField | undefined;
      if (!field || !['title', 'summary', 'place', 'capacity'].includes(field)) return;
      this.setData({ [`form.${field}`]: detailValue(e.detail) });
      this.clearError(field);
      if (field === 'capacity') this.fitGroupSizes();
    },

    /** The group sizes offered follow the capacity; a size above it is warned about at the picker. */
    fitGroupSizes() {
      const form = this.data.form;
      this.setData({ groupSizes: groupSizeLabels(form), 'errors.groupMax': groupMaxProblem(form) });
    },

    onTimeChange(e: FieldEvent) {
      const field = e.currentTarget.dataset.field as TimeField | undefined;
      if (!field || !(field in TIME_ERROR)) return;
      this.setData({ [`form.${field}`]: detailValue(e.detail) });
      this.clearError(TIME_ERROR[field]);
    },

    /**
     * The venue on WeChat's map. wx.chooseLocation is declared in app.json's
     * requiredPrivateInfos (required since 2022-07-14:
     * https://developers.weixin.qq.com/miniprogram/dev/api/location/wx.chooseLocation.html)
     * and is a privacy API (the page's <privacy-popup> asks for consent).
     */
    onChooseLocation() {
      if (this.data.busy || this.data.eventStatus === 'cancelled') return;
      const current = this.data.form.location;
      wx.chooseLocation({
        // Opens the map at the venue already chosen (base library 2.9.0+; older ones ignore it).
        ...(current ? { latitude: current.latitude, longitude: current.longitude } : {}),
        success: (res) => {
          const { location, error } = venueOf(res);
          if (!location) {
            this.setData({ 'errors.location': error });
            toast(error);
            return;
          }
          // The typed place stays what members read; an empty one takes the venue's name.
          this.setData({
            'form.location': location,
            ...(this.data.form.place.trim() ? {} : { 'form.place': location.name }),
          });
          this.clearError('location');
          this.clearError('place');
        },
        fail: (res: { errMsg?: string }) => {
          const msg = res.errMsg || '';
          if (/cancel/.test(msg)) return;
          toast(/auth|deny|privacy/.test(msg) ? '未获得位置权限，无法打开地图' : '打开地图失败，请稍后重试');
        },
      });
    },

    onClearLocation() {
      if (this.data.busy || this.data.eventStatus === 'cancelled') return;
      this.setData({ 'form.location': null });
      this.clearError('location');
    },

    onWaitlistChange(e: { detail: { value?: unknown } }) {
      this.setData({ 'form.waitlistEnabled': !!e.detail.value });
    },

    onReviewChange(e: { detail: { value?: unknown } }) {
      this.setData({ 'form.reviewRequired': !!e.detail.value });
    },

    /** The picker gives the index: 0 is 1人. */
    onGroupMaxChange(e: { detail: { value?: unknown } }) {
      this.setData({ 'form.groupMax': groupMaxOf(Number(e.detail.value) + 1) });
      this.fitGroupSizes();
    },

    onArticleChange(e: { detail: { value?: unknown } }) {
      const i = Number(e.detail.value);
      const option = this.data.articles[i];
      if (!option) return;
      this.setData({ articleIndex: i, 'form.articleId': option.id });
      this.clearError('articleId');
    },

    async onSave() {
      if (this.data.busy || this.data.eventStatus === 'cancelled') return;
      const errors = checkEvent(this.data.form);
      this.setData({ errors });
      const fieldsProblem = this.checkFieldsShown();
      if (hasEventErrors(errors) || fieldsProblem) {
        toast(EVENT_FIELDS.map((f) => errors[f]).find(Boolean) || fieldsProblem || '请先修改标红的内容');
        return;
      }
      this.setData({ busy: 'save' });
      const isNew = !this.data.form.id;
      try {
        const saved = await call('events', 'events.save', toEventInput(this.data.form));
        this.fieldsSaved();
        this.setData({
          'form.id': saved.id,
          eventStatus: saved.status,
          signedUp: saved.confirmed + saved.waitlisted,
        });
        toast(isNew ? '活动已创建' : '已保存', 'success');
      } catch (err) {
        if (err instanceof CloudError && err.code === 'VALIDATION' && err.field)
          this.markRefusal(err.field, err.message);
        toast(errorMessage(err));
      }
      this.setData({ busy: '' });
    },

    /** A refused save's field: at the custom field it names (fields.ts), or under the form field. */
    markRefusal(path: string, message: string) {
      if (this.markFieldRefusal(path, message)) return;
      const field = path.split('.')[0] as EventField;
      if (EVENT_FIELDS.includes(field)) this.setData({ [`errors.${field}`]: message });
    },

    async onCancelEvent() {
      const id = this.data.form.id;
      if (this.data.busy || !id || this.data.eventStatus !== 'open') return;
      const n = this.data.signedUp;
      const ok = await confirm({
        title: '取消活动',
        content:
          n > 0 ? `已有 ${n} 人报名，取消后将通知他们，且不能恢复。确定取消吗？` : '取消后不能恢复。确定取消吗？',
        confirmText: '取消活动',
        danger: true,
      });
      if (!ok) return;
      this.setData({ busy: 'cancel' });
      try {
        const e = await call('events', 'events.cancel', { id });
        this.setData({ eventStatus: e.status });
        toast('活动已取消', 'success');
      } catch (err) {
        toast(errorMessage(err));
      }
      this.setData({ busy: '' });
    },
  },
});
