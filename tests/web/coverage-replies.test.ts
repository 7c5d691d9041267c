import { describe, expect, it } from 'vitest';
import { repliesOf } from '../../src/web/routes/coverage.ts';

describe('coverage: the dates of a county’s replies (issue 15)', () => {
  it('labels each mail with its own date, oldest first', () => {
    const replies = repliesOf([
      { messageId: 'msg_b', sentAt: new Date('2024-09-30T10:00:00Z') },
      { messageId: 'msg_a', sentAt: new Date('2024-09-10T10:00:00Z') },
      // A forwarded unit inside the second mail with an older date of its own: the mail keeps its earliest.
      { messageId: 'msg_b', sentAt: new Date('2024-09-29T08:00:00Z') },
      { messageId: 'msg_c', sentAt: null },
    ]);
    expect(replies).toEqual([
      { messageId: 'msg_a', date: new Date('2024-09-10T10:00:00Z') },
      { messageId: 'msg_b', date: new Date('2024-09-29T08:00:00Z') },
      { messageId: 'msg_c', date: null },
    ]);
  });
});
