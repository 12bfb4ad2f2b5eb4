// The editor's body, as a Behavior: paragraphs, headings and photos with
// captions as blocks, typed into, added, moved up and down, and deleted
// (after asking, when there is something to lose). Every change goes to
// the local draft (draft.ts).
//
// Template data: that of draft.ts (blocks, errors.blocks).
import type { EditorBlock } from '../../utils/article-form';
import { MESSAGES, textBlock } from '../../utils/article-form';
import { confirm, indexOf, valueOf, type InputEvent } from '../../utils/guard';
import { localDraft } from './draft';

export const blockEditing = Behavior({
  behaviors: [localDraft],
  methods: {
    setBlocks(blocks: EditorBlock[]): void {
      this.setData({ blocks, ...(this.data.errors.blocks ? { 'errors.blocks': '' } : {}) });
      this.changed();
    },

    onBlockText(e: InputEvent) {
      const i = indexOf(e);
      const b = this.data.blocks[i];
      if (!b) return;
      this.setData({ [`blocks[${i}].text`]: valueOf(e), ...(b.error ? { [`blocks[${i}].error`]: '' } : {}) });
      this.changed();
    },

    onCaption(e: InputEvent) {
      const i = indexOf(e);
      const b = this.data.blocks[i];
      if (!b) return;
      const captionError = b.error === MESSAGES.captionMax;
      this.setData({ [`blocks[${i}].caption`]: valueOf(e), ...(captionError ? { [`blocks[${i}].error`]: '' } : {}) });
      this.changed();
    },

    onAddParagraph() {
      this.setBlocks([...this.data.blocks, textBlock('paragraph')]);
    },

    onAddHeading() {
      this.setBlocks([...this.data.blocks, textBlock('heading')]);
    },

    move(from: number, to: number): void {
      const blocks = [...this.data.blocks];
      if (from < 0 || to < 0 || from >= blocks.length || to >= blocks.length) return;
      const [b] = blocks.splice(from, 1);
      if (!b) return;
      blocks.splice(to, 0, b);
      this.setBlocks(blocks);
    },

    onMoveUp(e: InputEvent) {
      const i = indexOf(e);
      this.move(i, i - 1);
    },

    onMoveDown(e: InputEvent) {
      const i = indexOf(e);
      this.move(i, i + 1);
    },

    async onDelete(e: InputEvent) {
      const i = indexOf(e);
      const b = this.data.blocks[i];
      if (!b) return;
      const hasContent = b.type === 'image' || !!b.text.trim();
      if (hasContent) {
        const what = b.type === 'image' ? '这张图片' : b.type === 'heading' ? '这个小标题' : '这个段落';
        const ok = await confirm({
          title: '删除内容',
          content: `确定删除${what}吗？`,
          confirmText: '删除',
          danger: true,
        });
        if (!ok) return;
      }
      // Found again by key: the list may have changed while the dialog was open.
      this.setBlocks(this.data.blocks.filter((x) => x.key !== b.key));
    },
  },
});
