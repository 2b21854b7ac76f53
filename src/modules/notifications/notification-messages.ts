import { type NotificationKind } from './notification.entity';

/** What a message is about: the instance, the step, and the facts its kind needs. */
export interface MessageFacts {
  instanceTitle: string;
  stateTitle: string;
  dueAt: Date | null;
  comment?: string | null;
  /**
   * For `overdue`: who it went up to; for `escalated`: whose task is late; for `nudged`: who
   * reminds; for `copied`: the unit that sent the copy.
   */
  otherUnitName?: string | null;
}

export interface NotificationText {
  title: string;
  body: string;
}

/** The Vietnamese text of a notification (the UI speaks Vietnamese first; titles stay short). */
export function notificationText(
  kind: NotificationKind,
  facts: MessageFacts,
  timeZone: string,
): NotificationText {
  const due = facts.dueAt ? formatDate(facts.dueAt, timeZone) : null;
  const dueClause = due ? ` Hạn xử lý: ${due}.` : '';
  switch (kind) {
    case 'new-task':
      return {
        title: `Việc mới: ${facts.instanceTitle}`,
        body: `Bước “${facts.stateTitle}” đang chờ đơn vị xử lý.${dueClause}`,
      };
    case 'returned':
      return {
        title: `Hồ sơ bị trả lại: ${facts.instanceTitle}`,
        body: `Hồ sơ được trả lại bước “${facts.stateTitle}” để chỉnh sửa.${
          facts.comment ? ` Lý do: ${facts.comment}` : ''
        }`,
      };
    case 'reminder':
      return {
        title: `Sắp đến hạn: ${facts.instanceTitle}`,
        body: `Bước “${facts.stateTitle}” sắp đến hạn.${dueClause}`,
      };
    case 'overdue':
      return {
        title: `Quá hạn: ${facts.instanceTitle}`,
        body: `Bước “${facts.stateTitle}” đã quá hạn${due ? ` (hạn ${due})` : ''}.${
          facts.otherUnitName ? ` Đã báo cáo ${facts.otherUnitName} để đôn đốc.` : ''
        }`,
      };
    case 'escalated':
      return {
        title: `Đôn đốc việc quá hạn: ${facts.instanceTitle}`,
        body: `${facts.otherUnitName ?? 'Đơn vị cấp dưới'} chưa hoàn thành bước “${
          facts.stateTitle
        }”${due ? ` (hạn ${due})` : ''}.`,
      };
    case 'nudged':
      return {
        title: `Đôn đốc: ${facts.instanceTitle}`,
        body: `${facts.otherUnitName ?? 'Đơn vị cấp trên'} đề nghị khẩn trương hoàn thành bước “${
          facts.stateTitle
        }”${due ? ` (hạn ${due})` : ''}.${facts.comment ? ` ${facts.comment}` : ''}`,
      };
    case 'campaign-reminder':
      return {
        title: `Đôn đốc: ${facts.instanceTitle}`,
        body: `Đề nghị đơn vị khẩn trương hoàn thành bước “${facts.stateTitle}”${
          due ? ` (hạn chung ${due})` : ''
        }.${facts.comment ? ` ${facts.comment}` : ''}`,
      };
    case 'replied':
      return {
        title: `Đã có trả lời: ${facts.instanceTitle}`,
        body: `${facts.otherUnitName ?? 'Đơn vị nhận'} đã trả lời nội dung trao đổi.${
          facts.comment ? ` ${facts.comment}` : ''
        }`,
      };
    case 'copied':
      return {
        title: `Nhận để biết, cho ý kiến: ${facts.instanceTitle}`,
        body: `${facts.otherUnitName ?? 'Đơn vị chủ trì'} gửi hồ sơ ở bước “${
          facts.stateTitle
        }” để đơn vị biết và cho ý kiến. Đơn vị xem và góp ý, không xử lý thay các bước của hồ sơ.`,
      };
  }
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (it was 3 % of a
// worker's CPU when built per notification); one per zone is kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(date: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('vi-VN', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(date);
}
