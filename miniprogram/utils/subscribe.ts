// Asks the member to allow subscribe messages. Must be called straight from
// a tap (WeChat rejects it otherwise). Never fails: a refusal, an old base
// library or a template not configured only mean no message later.

export function requestSubscribe(tmplIds: readonly string[]): Promise<string[]> {
  const ids = tmplIds.filter((id) => !!id);
  if (!ids.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => resolve(ids.filter((id) => res[id] === 'accept')),
      fail: () => resolve([]),
    });
  });
}
