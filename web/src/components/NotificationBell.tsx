import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { getJson, request } from '../api/client';
import { type AppNotification, type NotificationPage } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** Often enough that a returned case shows up while the official is still at the desk. */
const POLL_MS = 15_000;
const LIST_LIMIT = 30;

/**
 * The bell in the header: the unread count in its name, the latest notifications in a popover.
 * Kept live by polling (and at once when the tab comes back into view), which needs no
 * long-lived connection through the offices' proxies.
 */
export function NotificationBell() {
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const [page, setPage] = useState<NotificationPage>({ items: [], unread: 0 });
  const [open, setOpen] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setPage(
        await getJson<NotificationPage>('/api/notifications', { query: { limit: LIST_LIMIT } }),
      );
    } catch {
      // A missed poll is retried on the next tick; the header never shows an error for it.
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  const openOne = async (item: AppNotification) => {
    setOpen(false);
    if (!item.readAt) await request(`/api/notifications/${item.id}/read`, { method: 'POST' });
    await refresh();
    if (item.instanceId) void navigate(`/instances/${item.instanceId}`);
  };

  const readAll = async () => {
    await request('/api/notifications/read-all', { method: 'POST' });
    await refresh();
  };

  const content = (
    <div className="notification-list">
      <List<AppNotification>
        size="small"
        dataSource={page.items}
        locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
        renderItem={(item) => (
          <List.Item className={item.readAt ? undefined : 'notification-unread'}>
            <button type="button" className="notification-item" onClick={() => void openOne(item)}>
              <span className="notification-title">
                {!item.readAt && <span className="sr-only">{t('notifications.unreadMark')} </span>}
                {item.title}
              </span>
              {item.body && <span className="notification-body">{item.body}</span>}
              <Typography.Text type="secondary" className="notification-time">
                {dateTime(item.createdAt)}
              </Typography.Text>
            </button>
          </List.Item>
        )}
      />
      {page.unread > 0 && (
        <Button type="link" onClick={() => void readAll()}>
          {t('notifications.readAll')}
        </Button>
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      title={t('notifications.title')}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
    >
      <Button
        type="text"
        className="notification-bell"
        aria-haspopup="dialog"
        aria-expanded={open}
        icon={
          <span aria-hidden="true">
            <Badge count={page.unread} size="small" offset={[4, -2]}>
              <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
            </Badge>
          </span>
        }
      >
        <span className="sr-only">
          {page.unread > 0
            ? t('notifications.bellUnread', { count: page.unread })
            : t('notifications.title')}
        </span>
      </Button>
    </Popover>
  );
}
