// Demo reports for the local cloud and the preview: every column has some,
// one notice is pinned, dates are relative to the seeding time so the list
// shows both "N天前" and full dates. Titles carry 【示例】 and the documents
// `demo: true`, so nobody mistakes them for the association's news.
import {
  PLACEHOLDER_IMAGE,
  PLACEHOLDER_IMAGE_SIZE,
  type ArticleInput,
  type Block,
} from '../../miniprogram/contract/content';
import { importedId } from '../../server/content/articles';

const DAY = 24 * 3600 * 1000;

export interface DemoArticle {
  key: string;
  /** Days before the seeding time. */
  daysAgo: number;
  views: number;
  input: Omit<ArticleInput, 'publishedAt'>;
}

function photo(caption: string): Block {
  return { type: 'image', src: PLACEHOLDER_IMAGE, caption, ...PLACEHOLDER_IMAGE_SIZE };
}

function p(text: string): Block {
  return { type: 'paragraph', text };
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    key: 'demo-notice-annual-meeting',
    daysAgo: 1,
    views: 86,
    input: {
      column: '通知公告',
      title: '【示例】关于召开协会第五届会员代表大会的通知',
      source: '安徽省环保产业协会',
      pinned: true,
      blocks: [
        p('各会员单位：'),
        p('经协会理事会研究，定于下月中旬在合肥召开第五届会员代表大会。现将有关事项通知如下。'),
        { type: 'heading', text: '一、会议内容' },
        p('审议理事会工作报告和财务报告；选举产生新一届理事会、监事会；表彰年度优秀会员单位。'),
        { type: 'heading', text: '二、参会人员' },
        p('各会员单位主要负责人或指定代表一名。请于会前在小程序“活动”栏目中完成报名。'),
        p('特此通知。'),
      ],
    },
  },
  {
    key: 'demo-association-training',
    daysAgo: 3,
    views: 152,
    input: {
      column: '协会动态',
      title: '【示例】协会举办环保设施运维管理专题培训',
      source: '安徽省环保产业协会',
      author: '秘书处',
      blocks: [
        p('为提升会员单位环保设施运维管理水平，协会组织开展专题培训，来自全省的六十余名技术骨干参加。'),
        photo('培训现场'),
        p('培训围绕污水处理设施运行优化、在线监测数据质量管理、安全生产等内容展开，授课专家结合典型案例进行了讲解。'),
        photo('学员交流讨论'),
        p('参训学员表示，培训内容贴近实际、针对性强，希望协会继续举办此类活动。'),
      ],
    },
  },
  {
    key: 'demo-association-visit',
    daysAgo: 12,
    views: 97,
    input: {
      column: '协会动态',
      title: '【示例】协会走访调研会员企业 听取发展诉求',
      source: '安徽省环保产业协会',
      blocks: [
        p('协会秘书处一行走访调研部分会员企业，实地了解企业生产经营情况和发展中遇到的困难。'),
        photo('调研座谈会'),
        p('座谈中，企业负责人围绕市场拓展、技术研发和人才引进等方面提出了意见建议，协会将梳理汇总并向有关部门反映。'),
      ],
    },
  },
  {
    key: 'demo-party-study',
    daysAgo: 20,
    views: 64,
    input: {
      column: '党建活动',
      title: '【示例】协会党支部开展主题党日活动',
      source: '安徽省环保产业协会',
      blocks: [
        p('协会党支部组织全体党员开展主题党日活动，集中学习有关文件精神，并开展交流研讨。'),
        photo('主题党日活动现场'),
        p('大家表示，将把学习成果转化为服务会员、服务行业的实际行动。'),
      ],
    },
  },
  {
    key: 'demo-industry-policy',
    daysAgo: 5,
    views: 210,
    input: {
      column: '行业资讯',
      title: '【示例】我省印发推动环保产业高质量发展若干措施',
      source: '协会秘书处整理',
      blocks: [
        p('近日，我省印发推动环保产业高质量发展的若干措施，从技术创新、市场培育、金融支持等方面提出具体举措。'),
        p('措施提出，支持环保企业建设研发平台，推广先进适用技术装备，培育一批专精特新企业。'),
      ],
    },
  },
  {
    key: 'demo-industry-standard',
    daysAgo: 40,
    views: 133,
    input: {
      column: '行业资讯',
      title: '【示例】多项生态环境标准将于下月起实施',
      source: '协会秘书处整理',
      blocks: [
        p('生态环境主管部门发布多项标准，涉及排污许可、环境监测和固体废物污染控制等领域，将于下月起正式实施。'),
        p('有关企业应及时对照新标准开展自查，做好设施改造和管理制度更新。'),
      ],
    },
  },
  {
    key: 'demo-notice-survey',
    daysAgo: 9,
    views: 45,
    input: {
      column: '通知公告',
      title: '【示例】关于开展会员单位基本信息更新工作的通知',
      source: '安徽省环保产业协会',
      blocks: [
        p(
          '为做好会员服务工作，协会将开展会员单位基本信息更新。请各会员单位于本月底前通过小程序“我的”页面核对并更新联系人信息。',
        ),
      ],
    },
  },
];

/** The article id a demo report gets (for demo events that link to one). */
export function demoArticleId(key: string): string {
  return importedId(key);
}

export function demoArticleInput(demo: DemoArticle, nowMs: number): ArticleInput {
  // Whole minutes, like the association's pages.
  const at = Math.floor((nowMs - demo.daysAgo * DAY) / 60_000) * 60_000;
  return { ...demo.input, publishedAt: at };
}
