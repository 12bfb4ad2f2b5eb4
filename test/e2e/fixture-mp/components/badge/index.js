/* global Component */
Component({
  externalClasses: ['custom-class'],
  properties: { text: { type: String, value: '' } },
  methods: {
    onTap() {
      this.triggerEvent('hit', { text: this.data.text });
    },
  },
});
