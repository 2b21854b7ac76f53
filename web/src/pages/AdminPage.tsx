import { Button, Card, Space, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { getJson, request } from '../api/client';
import { useReference } from '../api/reference';
import {
  type AdminUser,
  type AdminUserPage,
  type DefinitionSummary,
  type DefinitionVersion,
  type OrgUnit,
} from '../api/types';
import { useLoad } from '../api/use-load';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, errorText } from '../components/errors';
import { usePageTitle } from '../components/usePageTitle';
import { type UnitKind, UnitEditor, UserEditor } from './AdminEditors';
import { useI18n } from '../i18n/i18n';

interface Row extends DefinitionSummary {
  versions: DefinitionVersion[];
}

export function AdminPage() {
  const { t, pick, date } = useI18n();
  const reference = useReference();
  usePageTitle(t('admin.title'));
  const rows = useLoad(async () => {
    const list = await getJson<DefinitionSummary[]>('/api/definitions');
    return Promise.all(
      list.map(async (definition): Promise<Row> => ({
        ...definition,
        versions: await getJson<DefinitionVersion[]>(
          `/api/definitions/${encodeURIComponent(definition.key)}/versions`,
        ).catch(() => []),
      })),
    );
  }, [reference.definitions]);

  const statusText = (status: string) =>
    status === 'published'
      ? t('admin.status.published')
      : status === 'deprecated'
        ? t('admin.status.deprecated')
        : status;

  const definitionsTab = (
    <>
      <ErrorAlert error={rows.error} />
      <Card title={<h2 className="card-heading">{t('admin.definitions')}</h2>} size="small">
        <Table<Row>
          rowKey="key"
          loading={rows.loading}
          dataSource={rows.data ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          expandable={{
            // The expand buttons' column is named for screen readers (an empty <th> says nothing).
            columnTitle: <span className="sr-only">{t('admin.versions')}</span>,
            expandedRowRender: (row) => (
              <Table<DefinitionVersion>
                rowKey="version"
                size="small"
                pagination={false}
                dataSource={row.versions}
                title={() => t('admin.versions')}
                columns={[
                  { title: t('admin.col.version'), dataIndex: 'version', key: 'version' },
                  {
                    title: t('admin.col.status'),
                    key: 'status',
                    render: (_, v) => statusText(v.status),
                  },
                  {
                    title: t('admin.col.publishedAt'),
                    key: 'at',
                    render: (_, v) => date(v.publishedAt),
                  },
                  { title: t('admin.col.instances'), dataIndex: 'instances', key: 'instances' },
                ]}
              />
            ),
          }}
          columns={[
            {
              title: t('admin.col.key'),
              dataIndex: 'key',
              key: 'key',
              render: (key: string) => <code>{key}</code>,
            },
            {
              title: t('admin.col.title'),
              key: 'title',
              render: (_, row) => pick(row.title, row.titleEn),
            },
            { title: t('admin.col.version'), dataIndex: 'version', key: 'version' },
            {
              title: t('admin.col.status'),
              key: 'status',
              render: (_, row) => statusText(row.status),
            },
            {
              title: t('admin.col.instances'),
              key: 'instances',
              render: (_, row) => row.versions.reduce((sum, v) => sum + (v.instances ?? 0), 0),
            },
            {
              title: t('admin.col.publishedAt'),
              key: 'at',
              render: (_, row) => date(row.publishedAt),
            },
            {
              title: t('admin.details'),
              key: 'open',
              render: (_, row) => (
                <Space>
                  <Link
                    to={`/admin/definitions/${encodeURIComponent(row.key)}`}
                    aria-label={`${t('admin.details')}: ${pick(row.title, row.titleEn)}`}
                  >
                    {t('admin.details')}
                  </Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('admin.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'definitions', label: t('admin.tab.definitions'), children: definitionsTab },
          { key: 'units', label: t('admin.tab.units'), children: <UnitsTab /> },
          { key: 'users', label: t('admin.tab.users'), children: <UsersTab /> },
        ]}
      />
    </>
  );
}

interface UnitRow extends OrgUnit {
  children?: UnitRow[];
}

/** The units as a tree (province → district → commune → organisations), editable. */
function UnitsTab() {
  const { t, pick } = useI18n();
  const { units } = useReference();
  const kinds = useLoad(() => getJson<UnitKind[]>('/api/org-unit-kinds'), []);
  const [editing, setEditing] = useState<OrgUnit | 'new' | null>(null);
  const kindName = (key: string) => {
    const kind = kinds.data?.find((k) => k.key === key);
    return kind ? pick(kind.nameVi, kind.nameEn) : key;
  };
  const tree = useMemo(() => {
    const rows = new Map<string, UnitRow>(units.map((u) => [u.id, { ...u }]));
    const roots: UnitRow[] = [];
    for (const row of rows.values()) {
      const parent = row.parentId ? rows.get(row.parentId) : undefined;
      if (parent) (parent.children ??= []).push(row);
      else roots.push(row);
    }
    return roots;
  }, [units]);
  return (
    <Card
      title={<h2 className="card-heading">{t('admin.orgUnits')}</h2>}
      size="small"
      extra={
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('admin.unit.new')}
        </Button>
      }
    >
      {editing && (
        <UnitEditor unit={editing} kinds={kinds.data ?? []} onClose={() => setEditing(null)} />
      )}
      <Table<UnitRow>
        rowKey="id"
        size="small"
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('admin.col.name'),
            key: 'name',
            render: (_, unit) => pick(unit.name, unit.nameEn),
          },
          { title: t('admin.col.kind'), key: 'kind', render: (_, unit) => kindName(unit.kind) },
          {
            title: t('admin.col.key'),
            dataIndex: 'slug',
            key: 'slug',
            render: (slug: string) => <code>{slug}</code>,
          },
          {
            title: <span className="sr-only">{t('admin.col.actions')}</span>,
            key: 'edit',
            render: (_, unit) => (
              <Button
                size="small"
                onClick={() => setEditing(unit)}
                aria-label={`${t('admin.edit')}: ${pick(unit.name, unit.nameEn)}`}
              >
                {t('admin.edit')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

function UsersTab() {
  const { t } = useI18n();
  const { unitName } = useReference();
  const users = useLoad(
    () => getJson<AdminUserPage>('/api/admin/users', { query: { limit: 500 } }),
    [],
  );
  const [failure, setFailure] = useState<string | null>(null);
  const toggle = async (user: AdminUser, reason?: string) => {
    setFailure(null);
    try {
      // The reason is kept in the admin audit event of the change.
      await request(`/api/admin/users/${user.id}/${user.active ? 'deactivate' : 'reactivate'}`, {
        method: 'POST',
        body: reason ? { reason } : {},
      });
      users.reload();
    } catch (error) {
      setFailure(errorText(error, t));
    }
  };
  const [locking, setLocking] = useState<AdminUser | null>(null);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const capability = (name: string) =>
    name === 'drafter' || name === 'approver' || name === 'dispatcher'
      ? t(`capability.${name}`)
      : name;
  const role = (name: string) =>
    name === 'admin' || name === 'auditor' || name === 'official' ? t(`role.${name}`) : name;
  return (
    <Card
      title={<h2 className="card-heading">{t('admin.users')}</h2>}
      size="small"
      extra={
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('admin.user.new')}
        </Button>
      }
    >
      {editing && (
        <UserEditor
          user={editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) users.reload();
          }}
        />
      )}
      <ConfirmDialog
        open={locking !== null}
        title={t('confirm.lockTitle', { name: locking?.fullName ?? '' })}
        warning={t('confirm.lockWarning')}
        okText={t('confirm.lockOk')}
        reasonLabel={t('confirm.reason')}
        onCancel={() => setLocking(null)}
        onConfirm={(reason) => {
          if (locking) void toggle(locking, reason);
          setLocking(null);
        }}
      />
      <ErrorAlert error={users.error} />
      {failure && <Typography.Text type="danger">{failure}</Typography.Text>}
      <Table<AdminUser>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        columns={[
          {
            title: t('admin.col.username'),
            dataIndex: 'username',
            key: 'username',
            render: (u: string) => <code>{u}</code>,
          },
          { title: t('admin.col.fullName'), dataIndex: 'fullName', key: 'fullName' },
          {
            title: t('admin.col.roles'),
            key: 'roles',
            render: (_, u) => [...u.roles.map(role), ...u.capabilities.map(capability)].join(', '),
          },
          { title: t('admin.col.unit'), key: 'unit', render: (_, u) => unitName(u.orgUnitId) },
          {
            title: t('admin.col.active'),
            key: 'active',
            render: (_, u) => (u.active ? t('common.yes') : t('common.no')),
          },
          {
            title: <span className="sr-only">{t('admin.col.actions')}</span>,
            key: 'toggle',
            render: (_, u) => (
              <Space size={4}>
                <Button
                  size="small"
                  onClick={() => setEditing(u)}
                  aria-label={`${t('admin.edit')}: ${u.username}`}
                >
                  {t('admin.edit')}
                </Button>
                <Button
                  size="small"
                  onClick={() => (u.active ? setLocking(u) : void toggle(u))}
                  aria-label={`${u.active ? t('admin.deactivate') : t('admin.reactivate')}: ${u.username}`}
                >
                  {u.active ? t('admin.deactivate') : t('admin.reactivate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
