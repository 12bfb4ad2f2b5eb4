// Database indexes and security rules of the content collections, to apply
// in the cloud console (or by a deploy script). Every list query is
// `status == published [AND column == c] AND pinned == p` ordered by
// (publishedAt desc, _id desc), so these compound indexes serve each page
// by seeking to the cursor instead of scanning.
export const CONTENT_INDEXES = {
  articles: [
    { name: 'list_all', keys: { status: 1, pinned: 1, publishedAt: -1, _id: -1 } },
    { name: 'list_column', keys: { status: 1, column: 1, pinned: 1, publishedAt: -1, _id: -1 } },
    { name: 'admin_list', keys: { status: 1, createdAt: -1, _id: -1 } },
    // articles.search: `terms` is an array, so this is a multikey index (one
    // entry per term); `terms: _.all([...])` seeks on a term and reads in
    // (publishedAt desc, _id desc) order. Only one array field per compound
    // index: https://www.mongodb.com/docs/manual/core/indexes/index-types/index-multikey/
    // Indexes in the console: https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/index.html
    { name: 'search', keys: { status: 1, terms: 1, publishedAt: -1, _id: -1 } },
    // 上一篇/下一篇 in articles.open: one column by date, pinned or not.
    { name: 'neighbours', keys: { status: 1, column: 1, publishedAt: -1, _id: -1 } },
  ],
  // article_readers is only ever read by its deterministic _id.
  article_readers: [],
} as const;

/** Clients never touch these collections directly: all reads and writes go through `content`. */
export const CONTENT_SECURITY_RULES = {
  articles: { read: false, write: false },
  article_readers: { read: false, write: false },
} as const;
