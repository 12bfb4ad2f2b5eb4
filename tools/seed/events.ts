// Demo events for the local cloud (inserted by tools/seed/index.ts). Each is
// a complete `events` document as events.save writes it, marked demo: true,
// with a fixed _id so seeding twice changes nothing members did. Times are
// relative to the seed time (Beijing wall clock), so "upcoming" stays upcoming.
import type { EventDoc } from '../../server/events/model';

/** The past event the seed report (tools/seed/pages/000_…) tells about. */
export const SEED_REPORT_EVENT_ID = 'demo_event_jieshou_2023';
/** Title of that report, for the seed script to link article.eventId ⇄ event.articleId. */
export const SEED_REPORT_TITLE = '我会率团赴界首开展党建共建';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** `days` from the Beijing day of `now`, at hh:mm Beijing time. */
function beijingAt(now: number, days: number, hh: number, mm = 0): number {
  const dayStart = Math.floor((now + BEIJING) / DAY) * DAY - BEIJING;
  return dayStart + days * DAY + hh * HOUR + mm * 60 * 1000;
}

type DemoEvent = Omit<EventDoc, 'demo'> & { demo: true };

function demo(
  now: number,
  e: Pick<
    EventDoc,
    | 'reviewRequired'
    | 'groupMax'
    | 'fields'
    | '_id'
    | 'title'
    | 'summary'
    | 'place'
    | 'location'
    | 'startAt'
    | 'endAt'
    | 'signupDeadline'
    | 'capacity'
    | 'waitlistEnabled'
  >,
): DemoEvent {
  return {
    reviewRequired: false,
    groupMax: 1,
    fields: [],
    ...e,
    cover: '',
    articleId: '',
    status: 'open',
    confirmed: 0,
    waitlisted: 0,
    waitlistedPeople: 0,
    waitlistSeq: 0,
    checkedIn: 0,
    checkedInCodes: [],
    createdAt: now,
    updatedAt: now,
    demo: true,
  };
}

export function demoEvents(now: number = Date.now()): DemoEvent[] {
  return [
    demo(now, {
      _id: 'demo_event_salon',
      title: '环保产业沙龙：工业废水深度处理技术交流会',
      summary:
        '邀请高校专家与会员企业技术负责人，围绕工业园区废水深度处理、膜工艺运维与提标改造开展交流。名额有限（2席，开放候补），报名成功后凭签到码入场。',
      place: '合肥市蜀山区 协会会议室',
      // A venue on the map, so the preview shows 导航 (demo coordinates, GCJ-02).
      location: {
        name: '协会会议室（演示位置）',
        address: '安徽省合肥市蜀山区长江西路',
        latitude: 31.8529,
        longitude: 117.2451,
      },
      startAt: beijingAt(now, 7, 14),
      endAt: beijingAt(now, 7, 17),
      signupDeadline: beijingAt(now, 6, 18),
      capacity: 2,
      waitlistEnabled: true,
    }),
    demo(now, {
      _id: 'demo_event_visit',
      title: '走进会员企业：固废资源化利用观摩活动',
      summary:
        '赴会员企业观摩固废资源化利用生产线，座谈交流技术需求与合作意向。每家单位可带2名同行人员；报名经协会审核后确认，请携带身份证件，统一乘车前往。',
      place: '芜湖市 经济技术开发区',
      startAt: beijingAt(now, 14, 9),
      endAt: beijingAt(now, 14, 16, 30),
      signupDeadline: beijingAt(now, 11, 18),
      capacity: 40,
      waitlistEnabled: false,
      // Issue 15 in the demo data: review, groups of up to 3, and the questions a bus trip asks.
      reviewRequired: true,
      groupMax: 3,
      fields: [
        { id: 'bus', type: 'single', label: '是否乘坐大巴', required: true, options: ['乘坐大巴', '自行前往'] },
        { id: 'meal', type: 'single', label: '是否用餐', required: true, options: ['用餐', '不用餐'] },
        { id: 'plate', type: 'text', label: '车牌号（自驾填写）', required: false, max: 10 },
      ],
    }),
    demo(now, {
      _id: SEED_REPORT_EVENT_ID,
      title: '赴界首高新区党建共建与治理需求观摩座谈对接活动',
      summary:
        '以“组织共建、资源共享、优势互补、共谋发展”为主题，携手高校党支部与会员企业赴界首高新区观摩座谈，搭建校政企协合作平台。',
      place: '阜阳市 界首高新区',
      startAt: Date.UTC(2023, 1, 24, 6, 0), // 2023-02-24 14:00 北京时间
      endAt: Date.UTC(2023, 1, 25, 4, 0), // 2023-02-25 12:00
      signupDeadline: Date.UTC(2023, 1, 22, 10, 0), // 2023-02-22 18:00
      capacity: 40,
      waitlistEnabled: false,
    }),
  ];
}
