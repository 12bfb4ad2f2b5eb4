/* global Component, getApp, wx */
const log = (hook) => getApp().log.push('index:' + hook);

Component({
  data: {
    name: '',
    note: '',
    inputDetail: '',
    badgeHit: '',
    fruits: [{ label: '苹果' }, { label: '香蕉' }, { label: '橙子' }],
    fruitIndex: 0,
    date: '2025-01-01',
    imgLoad: '',
    cloudSrc: '',
    result: '',
    stored: '',
    windowWidth: 0,
    posterPath: '',
    agreed: false,
    switchDetail: '',
  },
  lifetimes: {
    attached() {
      log('attached');
    },
    ready() {
      log('ready');
    },
  },
  methods: {
    onLoad(query) {
      log('onLoad ' + JSON.stringify(query));
      this.setData({ stored: wx.getStorageSync('fixture-key') || '', windowWidth: wx.getWindowInfo().windowWidth });
    },
    onShow() {
      log('onShow');
    },
    onReady() {
      log('onReady');
    },
    onHide() {
      log('onHide');
    },
    onUnload() {
      log('onUnload');
    },
    onInput(e) {
      this.setData({ inputDetail: 'input:' + e.detail.value });
    },
    onBadge(e) {
      this.setData({ badgeHit: 'hit:' + e.detail.text });
    },
    onSwitch(e) {
      this.setData({ switchDetail: String(e.detail.value) });
    },
    onFruit(e) {
      this.setData({ fruitIndex: Number(e.detail.value) });
    },
    onDate(e) {
      this.setData({ date: e.detail.value });
    },
    onImgLoad(e) {
      this.setData({ imgLoad: e.detail.width + 'x' + e.detail.height });
    },
    onToast() {
      wx.showToast({ title: '已保存', icon: 'success' });
    },
    onModal() {
      wx.showModal({
        title: '确认',
        content: '确定吗？',
        success: (res) => this.setData({ result: 'modal:' + (res.confirm ? 'confirm' : 'cancel') }),
      });
    },
    onSheet() {
      wx.showActionSheet({ itemList: ['甲', '乙', '丙'] })
        .then((res) => this.setData({ result: 'sheet:' + res.tapIndex }))
        .catch((err) => this.setData({ result: 'sheet:' + err.errMsg }));
    },
    onPreview() {
      wx.previewImage({ current: '/images/photo.png', urls: ['/images/photo.png', '/images/photo.png'] });
    },
    onScan() {
      wx.scanCode({
        success: (res) => this.setData({ result: 'scan:' + res.result }),
        fail: (err) => this.setData({ result: 'scan:' + err.errMsg }),
      });
    },
    onMedia() {
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        success: (res) => {
          const file = res.tempFiles[0];
          const ext = file.tempFilePath.split('.').pop();
          wx.cloud.uploadFile({
            cloudPath: 'fixture/upload.' + ext,
            filePath: file.tempFilePath,
            success: (up) => this.setData({ result: 'upload:' + up.fileID, cloudSrc: up.fileID }),
            fail: (err) => this.setData({ result: 'upload:' + err.errMsg }),
          });
        },
        fail: (err) => this.setData({ result: 'media:' + err.errMsg }),
      });
    },
    onSubscribe() {
      wx.requestSubscribeMessage({
        tmplIds: ['TPL_A', 'TPL_B'],
        success: (res) => this.setData({ result: 'subscribe:' + res.TPL_A + ',' + res.TPL_B }),
        fail: (err) => this.setData({ result: 'subscribe:' + err.errMsg }),
      });
    },
    onStorage() {
      wx.setStorageSync('fixture-key', '保存的值');
      this.setData({ stored: wx.getStorageSync('fixture-key') });
    },
    onPoster() {
      this.createSelectorQuery()
        .select('#poster-canvas')
        .fields({ node: true, size: true })
        .exec((res) => {
          const { node, width, height } = res[0];
          node.width = width * 2;
          node.height = height * 2;
          const ctx = node.getContext('2d');
          ctx.scale(2, 2);
          ctx.fillStyle = '#1f7a4d';
          ctx.fillRect(0, 0, width, height);
          const img = node.createImage();
          img.onload = () => {
            ctx.drawImage(img, 0, 0, 20, 20);
            wx.canvasToTempFilePath({
              canvas: node,
              fileType: 'png',
              success: (out) =>
                this.setData({ posterPath: out.tempFilePath, result: 'poster:' + width + 'x' + height }),
              fail: (err) => this.setData({ result: 'poster:' + err.errMsg }),
            });
          };
          img.src = '/images/photo.png';
        });
    },
    onThrow() {
      throw new Error('夹具故意抛出的错误');
    },
    onShareAppMessage(options) {
      return { title: '夹具分享 ' + options.from, path: '/pages/detail/index?id=7' };
    },
  },
});
