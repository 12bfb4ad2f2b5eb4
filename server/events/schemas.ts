// Payload schemas of the events function. Every rule has a Chinese message
// and its field becomes `field` in the VALIDATION envelope (server/router.ts).
// Objects are strict: a field we do not know is refused, not dropped.
import { z } from 'zod';
import {
  ARTICLE_RULES,
  ATTENDANCE_RULES,
  COMPANION_MESSAGES,
  type CompanionInput,
  EVENT_RULES,
  FIELD_MESSAGES,
  FIELD_RULES,
  FIELD_TYPE_LABELS,
  fieldProblems,
  GROUP_RULES,
  ID_PATTERN,
  REVIEW_RULES,
  LOCATION_MESSAGES,
  isImageSrc,
  SIGNUP_LABELS,
  SIGNUP_MESSAGES,
  SIGNUP_RULES,
  type EventInput,
  type EventLocation,
  type SignupField,
  type SignupFieldType,
  type SignupInput,
} from '../../miniprogram/contract/index';
import { EARLIEST, LATEST, noPayloadSchema, objectOrEmpty, unknownKeys } from '../content/schemas';
import { idOf, openidOf, plainText } from '../text';

/** Length as a member counts it (an emoji or a rare character is one). */
export function charLength(text: string): number {
  return Array.from(text).length;
}

function text(opts: {
  min: number;
  max: number;
  required?: string;
  invalid: string;
  /** The field's name in messages about its characters. */
  label: string;
  multiline?: boolean;
}) {
  return plainText(z.string({ error: opts.required ?? opts.invalid }), opts.label, opts.multiline).superRefine(
    (value, ctx) => {
      const n = charLength(value);
      if (n === 0 && opts.min > 0) ctx.addIssue({ code: 'custom', message: opts.required ?? opts.invalid });
      else if (n < opts.min || n > opts.max) ctx.addIssue({ code: 'custom', message: opts.invalid });
    },
  );
}

const id = idOf;

export const eventIdSchema = id('活动编号');

export const profileFields = {
  name: text({
    min: SIGNUP_RULES.nameMin,
    max: SIGNUP_RULES.nameMax,
    required: SIGNUP_MESSAGES.nameRequired,
    invalid: SIGNUP_MESSAGES.name,
    label: SIGNUP_LABELS.name,
  }),
  unit: text({
    min: SIGNUP_RULES.unitMin,
    max: SIGNUP_RULES.unitMax,
    required: SIGNUP_MESSAGES.unitRequired,
    invalid: SIGNUP_MESSAGES.unit,
    label: SIGNUP_LABELS.unit,
  }),
  position: text({
    min: 0,
    max: SIGNUP_RULES.positionMax,
    invalid: SIGNUP_MESSAGES.position,
    label: SIGNUP_LABELS.position,
  }).optional(),
  phone: z
    .string({ error: SIGNUP_MESSAGES.phoneRequired })
    .trim()
    .min(1, SIGNUP_MESSAGES.phoneRequired)
    .regex(SIGNUP_RULES.phonePattern, SIGNUP_MESSAGES.phone),
};

const ANSWERS_INVALID = '报名项的填写格式不正确';
/** Room for a few keys beyond the fields an event may have, so the server names the unknown one. */
const ANSWER_KEYS_MAX = FIELD_RULES.fieldsMax + 10;

/**
 * Answers by field id, bounded in size only: each is checked against the
 * event's own fields by server/events/fields.ts (checkAnswers), which knows
 * their labels and limits.
 */
const answersSchema = z
  .record(
    z.string(),
    z.union(
      [
        z.string().refine((s) => charLength(s) <= FIELD_RULES.textareaMax * 2, ANSWERS_INVALID),
        z.number(),
        z.array(z.string().max(FIELD_RULES.optionMax * 4)).max(FIELD_RULES.optionsMax),
      ],
      { error: ANSWERS_INVALID },
    ),
    { error: ANSWERS_INVALID },
  )
  // Keys are echoed in messages (「key」不是本活动的报名项): id characters only.
  .refine((a) => Object.keys(a).length <= ANSWER_KEYS_MAX && Object.keys(a).every((k) => ID_PATTERN.test(k)), {
    message: ANSWERS_INVALID,
  });

/** A companion's parts, by the same rules as the member's own (messages come from COMPANION_MESSAGES). */
const companionField = {
  name: profileFields.name,
  phone: profileFields.phone,
  position: profileFields.position,
};

/**
 * Companions (同行人员): each a name, a phone and an optional position, with
 * messages saying which one (第N位). The event's own limit (groupMax) is
 * checked by the server against the event; this bounds the payload.
 */
const companionsSchema: z.ZodType<CompanionInput[]> = z
  .array(z.unknown(), { error: '同行人员格式不正确' })
  .max(GROUP_RULES.groupMaxLimit - 1, '同行人员人数超出本活动的限制')
  .transform((list, ctx) => {
    const out: CompanionInput[] = [];
    list.forEach((item, i) => {
      const n = i + 1;
      const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [i, key], message });
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        ctx.addIssue({ code: 'custom', path: [i], message: `第${n}位同行人员格式不正确` });
        return;
      }
      const c = item as Record<string, unknown>;
      const extra = Object.keys(c).find((k) => !['name', 'phone', 'position'].includes(k));
      if (extra) issue(extra, `第${n}位同行人员含有不支持的字段`);
      const name = companionField.name.safeParse(c.name);
      const phone = companionField.phone.safeParse(c.phone);
      const position = companionField.position.safeParse(c.position);
      if (c.name === undefined || (typeof c.name === 'string' && !c.name.trim())) {
        issue('name', COMPANION_MESSAGES.nameRequired(n));
      } else if (!name.success) issue('name', COMPANION_MESSAGES.name(n));
      if (c.phone === undefined || (typeof c.phone === 'string' && !c.phone.trim())) {
        issue('phone', COMPANION_MESSAGES.phoneRequired(n));
      } else if (!phone.success) issue('phone', COMPANION_MESSAGES.phone(n));
      if (!position.success) issue('position', COMPANION_MESSAGES.position(n));
      if (name.success && phone.success && position.success && !extra) {
        out.push({ name: name.data, phone: phone.data, ...(position.data ? { position: position.data } : {}) });
      }
    });
    return out;
  });

export const signupSchema: z.ZodType<SignupInput> = z.strictObject(
  {
    eventId: eventIdSchema,
    ...profileFields,
    remark: text({
      min: 0,
      max: SIGNUP_RULES.remarkMax,
      invalid: SIGNUP_MESSAGES.remark,
      label: SIGNUP_LABELS.remark,
      multiline: true,
    }).optional(),
    subscribed: z.array(z.string().max(128), { error: '订阅消息参数无效' }).max(10, '订阅消息参数无效').optional(),
    answers: answersSchema.optional(),
    companions: companionsSchema.optional(),
  },
  unknownKeys,
);

/** signup.review: sign-up ids of one event, a decision, an optional reason (for rejections). */
export const reviewSchema = z.strictObject(
  {
    eventId: eventIdSchema,
    ids: z
      .array(id('报名编号'), { error: '请选择要审核的报名' })
      .min(1, '请选择要审核的报名')
      .max(REVIEW_RULES.batchMax, `每次最多审核${REVIEW_RULES.batchMax}条报名`),
    decision: z.enum(['approve', 'reject'], { error: '审核结果无效' }),
    reason: text({
      min: 0,
      max: REVIEW_RULES.reasonMax,
      invalid: `审核说明不能超过${REVIEW_RULES.reasonMax}个字`,
      label: '审核说明',
    }).optional(),
  },
  unknownKeys,
);

export const memberSaveSchema = z.strictObject(profileFields, unknownKeys);

export const memberGetSchema = objectOrEmpty(
  z.strictObject({ openid: openidOf('缺少成员编号').optional() }, unknownKeys),
);

export const eventRefSchema = z.strictObject({ id: eventIdSchema }, unknownKeys);
export const eventIdPayload = z.strictObject({ eventId: eventIdSchema }, unknownKeys);

export const listSchema = z.strictObject(
  {
    scope: z.enum(['upcoming', 'past'], { error: '列表类型无效' }),
    cursor: z.string({ error: '分页参数无效' }).max(512, '分页参数无效').optional(),
    pageSize: z
      .number({ error: '每页数量无效' })
      .int('每页数量无效')
      .min(1, '每页数量无效')
      .max(ARTICLE_RULES.pageSizeMax, '每页数量无效')
      .optional(),
  },
  unknownKeys,
);

/** Actions without a payload take undefined, null or {} (and nothing else). */
export const noPayload = noPayloadSchema;

const time = (what: string) =>
  z
    .number({ error: `请选择${what}` })
    .int(`${what}无效`)
    .min(EARLIEST, `${what}无效`)
    .max(LATEST, `${what}无效`);

/** A coordinate in the range wx.chooseLocation documents (contract EventLocation). */
const coordinate = (limit: number, message: string) =>
  z.number({ error: message }).min(-limit, message).max(limit, message);

/** The venue picked on the map; each part refused with a message naming it. */
export const locationSchema: z.ZodType<EventLocation> = z.strictObject(
  {
    name: text({
      min: 1,
      max: EVENT_RULES.locationNameMax,
      required: LOCATION_MESSAGES.nameRequired,
      invalid: LOCATION_MESSAGES.name,
      label: '活动位置名称',
    }),
    address: text({
      min: 1,
      max: EVENT_RULES.locationAddressMax,
      required: LOCATION_MESSAGES.addressRequired,
      invalid: LOCATION_MESSAGES.address,
      label: '活动位置详细地址',
    }),
    latitude: coordinate(90, LOCATION_MESSAGES.latitude),
    longitude: coordinate(180, LOCATION_MESSAGES.longitude),
  },
  { error: LOCATION_MESSAGES.invalid },
);

const FIELD_TYPES = Object.keys(FIELD_TYPE_LABELS) as [SignupFieldType, ...SignupFieldType[]];
const FIELD_LIMIT_INVALID = '报名项的限制条件无效';

/** One custom field's shape; whether the list makes sense is fieldProblems' (contract) to say. */
const fieldSchema: z.ZodType<SignupField> = z.strictObject(
  {
    id: z.string({ error: FIELD_MESSAGES.badId }),
    type: z.enum(FIELD_TYPES, { error: FIELD_MESSAGES.type }),
    label: z.string({ error: FIELD_MESSAGES.labelRequired }).trim(),
    required: z.boolean({ error: '请选择报名项是否必填' }),
    min: z.number({ error: FIELD_LIMIT_INVALID }).optional(),
    max: z.number({ error: FIELD_LIMIT_INVALID }).optional(),
    options: z.array(z.string({ error: '报名项的选项无效' }).trim(), { error: '报名项的选项无效' }).optional(),
  },
  { error: '报名项无效' },
);

export const eventInputSchema: z.ZodType<EventInput> = z
  .strictObject(
    {
      id: id('活动编号').optional(),
      title: text({
        min: 1,
        max: EVENT_RULES.titleMax,
        required: '请填写活动标题',
        invalid: `活动标题不能超过${EVENT_RULES.titleMax}个字`,
        label: '活动标题',
      }),
      summary: text({
        min: 0,
        max: EVENT_RULES.summaryMax,
        invalid: `活动简介不能超过${EVENT_RULES.summaryMax}个字`,
        label: '活动简介',
        multiline: true,
      }),
      place: text({
        min: 1,
        max: EVENT_RULES.placeMax,
        required: '请填写活动地点',
        invalid: `活动地点不能超过${EVENT_RULES.placeMax}个字`,
        label: '活动地点',
      }),
      location: locationSchema.optional(),
      startAt: time('开始时间'),
      endAt: time('结束时间'),
      signupDeadline: time('报名截止时间'),
      capacity: z
        .number({ error: '请填写名额' })
        .int('名额需为整数')
        .min(EVENT_RULES.capacityMin, `名额需为${EVENT_RULES.capacityMin}–${EVENT_RULES.capacityMax}之间的整数`)
        .max(EVENT_RULES.capacityMax, `名额需为${EVENT_RULES.capacityMin}–${EVENT_RULES.capacityMax}之间的整数`),
      waitlistEnabled: z.boolean({ error: '请选择是否开启候补' }),
      // The same rule as a report's cover: a cloud file or an https link (or none).
      cover: z
        .string({ error: '封面地址无效' })
        .trim()
        .refine((s) => s === '' || isImageSrc(s), '封面须为云存储文件或 https 链接')
        .optional(),
      articleId: id('关联报道').optional(),
      reviewRequired: z.boolean({ error: '请选择是否需要审核' }).optional(),
      groupMax: z
        .number({ error: '请填写每次报名人数上限' })
        .int(`每次报名人数需为1–${GROUP_RULES.groupMaxLimit}之间的整数`)
        .min(1, `每次报名人数需为1–${GROUP_RULES.groupMaxLimit}之间的整数`)
        .max(GROUP_RULES.groupMaxLimit, `每次报名人数需为1–${GROUP_RULES.groupMaxLimit}之间的整数`)
        .optional(),
      fields: z.array(fieldSchema, { error: '报名项无效' }).optional(),
    },
    unknownKeys,
  )
  .superRefine((v, ctx) => {
    for (const p of fieldProblems(v.fields ?? [])) {
      ctx.addIssue({
        code: 'custom',
        path: p.key ? ['fields', p.index, p.key] : ['fields', p.index],
        message: p.message,
      });
    }
    if (v.endAt <= v.startAt) ctx.addIssue({ code: 'custom', path: ['endAt'], message: '结束时间需晚于开始时间' });
    // A group larger than the event could never be seated (signup.ts refuses it): do not offer it.
    if (v.groupMax !== undefined && v.groupMax > v.capacity) {
      ctx.addIssue({ code: 'custom', path: ['groupMax'], message: '每次报名人数不能超过名额' });
    }
    if (v.signupDeadline > v.startAt) {
      ctx.addIssue({ code: 'custom', path: ['signupDeadline'], message: '报名截止时间不能晚于活动开始时间' });
    }
  });

export const checkinSchema = z.strictObject(
  {
    eventId: eventIdSchema,
    code: z.string({ error: '请输入签到码' }).trim().min(1, '请输入签到码').max(200, '签到码无效'),
  },
  unknownKeys,
);

export const remindersSchema = objectOrEmpty(
  z.strictObject({ now: z.number({ error: '时间无效' }).int('时间无效').min(0, '时间无效').optional() }, unknownKeys),
);

/** attendance.year / attendance.export: a calendar year (Beijing), this year when absent. */
export const attendanceSchema = objectOrEmpty(
  z.strictObject(
    {
      year: z
        .number({ error: '年份无效' })
        .int('年份无效')
        .min(ATTENDANCE_RULES.yearMin, '年份无效')
        .max(ATTENDANCE_RULES.yearMax, '年份无效')
        .optional(),
    },
    unknownKeys,
  ),
);
