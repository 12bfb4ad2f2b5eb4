// The member's check-in QR code: what the admin scanner (admin/pages/checkin,
// wx.scanCode) reads, i.e. checkinScanText(eventId, code) from the contract.
// Shown next to the typed code on the event page and in 我的报名.
//
//   <checkin-qr event-id="{{ eventId }}" code="{{ checkinCode }}" size="320" />
import { checkinScanText } from '../../contract/index';
import { qrDataUrl } from './qr';

Component({
  options: { addGlobalClass: true },
  properties: {
    eventId: { type: String, value: '' },
    code: { type: String, value: '' },
    /** Side of the square on screen, in rpx. */
    size: { type: Number, value: 320 },
  },

  data: {
    /** What the code encodes (kept for the scanner's sake and for tests). */
    text: '',
    src: '',
  },

  observers: {
    'eventId, code': function (eventId: string, code: string) {
      const text = eventId && code ? checkinScanText(eventId, code) : '';
      if (text === this.data.text) return;
      this.setData({ text, src: text ? qrDataUrl(text) : '' });
    },
  },
});
