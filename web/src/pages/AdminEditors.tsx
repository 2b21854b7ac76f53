import { Alert, Checkbox, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { request } from '../api/client';
import { useReference } from '../api/reference';
import { type AdminUser, type OrgUnit } from '../api/types';
import { errorText } from '../components/errors';
import { useI18n } from '../i18n/i18n';

export interface UnitKind {
  key: string;
  nameVi: string;
  nameEn: string;
}

/** The units as a tree (for the parent and unit pickers), children under their parent. */
export function useUnitTree(exclude?: string) {
  const { pick } = useI18n();
  const { units } = useReference();
  return useMemo(() => {
    interface Node {
      value: string;
      title: string;
      children: Node[];
    }
    const nodes = new Map<string, Node>();
    for (const unit of units) {
      if (unit.id === exclude) continue;
      nodes.set(unit.id, { value: unit.id, title: pick(unit.name, unit.nameEn), children: [] });
    }
    const roots: Node[] = [];
    for (const unit of units) {
      const node = nodes.get(unit.id);
      if (!node) continue;
      const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }, [units, pick, exclude]);
}

/**
 * The editors' modal: saving is a second, explicit step. The button first validates the form and
 * asks "save?" with what will change (the form is frozen meanwhile); only the confirmation sends
 * it, and a refusal goes back to the form with the server's reason.
 */
function ConfirmedSaveModal<Values extends object>({
  title,
  initialValues,
  send,
  confirmation,
  onClose,
  children,
}: {
  title: string;
  initialValues: Partial<Values>;
  send: (values: Values) => Promise<void>;
  confirmation: (values: Values) => { title: string; description?: string };
  onClose: (saved: boolean) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [confirming, setConfirming] = useState<Values | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      await send(values);
      onClose(true);
    } catch (error) {
      setFailure(errorText(error, t));
      setConfirming(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={confirming ? t('admin.confirmSave') : t('admin.save')}
      cancelText={confirming ? t('common.back') : t('common.cancel')}
      confirmLoading={busy}
      onOk={() => {
        if (confirming) void save(confirming);
        // A refusal needs no handling beyond the messages the form shows under each invalid
        // field; left unhandled it would surface as the page's uncaught error.
        else form.validateFields().then(setConfirming, () => undefined);
      }}
      onCancel={() => (confirming ? setConfirming(null) : onClose(false))}
      destroyOnHidden
    >
      {failure && <Alert type="error" showIcon role="alert" title={failure} />}
      {confirming && (
        <Alert
          type="warning"
          showIcon
          role="status"
          {...confirmation(confirming)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={confirming !== null}
        initialValues={initialValues}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** The key a record is created with (a unit's slug, a username): required, never edited after. */
function KeyItem(props: {
  name: string;
  label: string;
  extra?: string;
  pattern: RegExp;
  invalid: string;
  frozen: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      extra={props.extra}
      rules={[
        { required: true, message: t('admin.required') },
        { pattern: props.pattern, message: props.invalid },
      ]}
    >
      <Input disabled={props.frozen} autoComplete="off" />
    </Form.Item>
  );
}

function RequiredTextItem({ name, label }: { name: string; label: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
    >
      <Input autoComplete="off" />
    </Form.Item>
  );
}

interface UnitValues {
  slug: string;
  name: string;
  nameEn?: string;
  kind: string;
  parentId?: string | null;
}

/**
 * Create (no `unit`) or edit a unit. Saving is a second, explicit step: the form's button asks
 * "save?" with what will change, and only the confirmation sends it.
 */
export function UnitEditor({
  unit,
  kinds,
  onClose,
}: {
  unit: OrgUnit | 'new';
  kinds: UnitKind[];
  onClose: (saved: boolean) => void;
}) {
  const { t, pick } = useI18n();
  const reference = useReference();
  const editing = unit === 'new' ? null : unit;
  const tree = useUnitTree(editing?.id);

  const send = async (values: UnitValues) => {
    const body = {
      name: values.name.trim(),
      nameEn: values.nameEn?.trim() || null,
      kind: values.kind,
      parentId: values.parentId ?? null,
    };
    if (editing) {
      await request(`/api/admin/org-units/${editing.id}`, { method: 'PATCH', body });
    } else {
      await request('/api/admin/org-units', {
        method: 'POST',
        body: { ...body, slug: values.slug.trim() },
      });
    }
    reference.reloadUnits();
  };

  return (
    <ConfirmedSaveModal<UnitValues>
      title={editing ? t('admin.unit.editTitle') : t('admin.unit.newTitle')}
      send={send}
      onClose={onClose}
      confirmation={(values) => ({
        title: t('admin.unit.confirm', {
          name: values.name,
          kind: pick(
            kinds.find((k) => k.key === values.kind)?.nameVi ?? values.kind,
            kinds.find((k) => k.key === values.kind)?.nameEn,
          ),
          parent: values.parentId ? reference.unitName(values.parentId) : '—',
        }),
      })}
      initialValues={
        editing
          ? {
              slug: editing.slug,
              name: editing.name,
              nameEn: editing.nameEn ?? '',
              kind: editing.kind,
              parentId: editing.parentId,
            }
          : { parentId: null }
      }
    >
      <KeyItem
        name="slug"
        label={t('admin.col.key')}
        extra={t('admin.unit.slugHelp')}
        pattern={/^[a-z0-9][a-z0-9.-]*$/}
        invalid={t('admin.unit.slugInvalid')}
        frozen={editing !== null}
      />
      <RequiredTextItem name="name" label={t('admin.unit.name')} />
      <Form.Item name="nameEn" label={t('admin.unit.nameEn')}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="kind"
        label={t('admin.col.kind')}
        rules={[{ required: true, message: t('admin.required') }]}
      >
        <Select
          options={kinds.map((k) => ({ value: k.key, label: pick(k.nameVi, k.nameEn) }))}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item name="parentId" label={t('admin.col.parent')}>
        <TreeSelect
          treeData={tree}
          allowClear
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          placeholder={t('admin.unit.noParent')}
        />
      </Form.Item>
    </ConfirmedSaveModal>
  );
}

const ROLES = ['official', 'auditor', 'admin'] as const;
const CAPABILITIES = ['drafter', 'approver', 'dispatcher'] as const;

interface UserValues {
  username: string;
  fullName: string;
  orgUnitId: string;
  roles: string[];
  capabilities: string[];
  password?: string;
}

/** Create (no `user`) or edit a user: unit, roles, capabilities, and a new password if typed. */
export function UserEditor({
  user,
  onClose,
}: {
  user: AdminUser | 'new';
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const reference = useReference();
  const editing = user === 'new' ? null : user;
  const tree = useUnitTree();

  const send = async (values: UserValues) => {
    const body = {
      fullName: values.fullName.trim(),
      orgUnitId: values.orgUnitId,
      roles: values.roles,
      capabilities: values.capabilities,
      ...(values.password ? { password: values.password } : {}),
    };
    if (editing) {
      await request(`/api/admin/users/${editing.id}`, { method: 'PATCH', body });
    } else {
      await request('/api/admin/users', {
        method: 'POST',
        body: { ...body, username: values.username.trim().toLowerCase() },
      });
    }
  };

  return (
    <ConfirmedSaveModal<UserValues>
      title={
        editing ? t('admin.user.editTitle', { name: editing.fullName }) : t('admin.user.newTitle')
      }
      send={send}
      onClose={onClose}
      confirmation={(values) => ({
        title: t('admin.user.confirm', {
          name: values.fullName,
          unit: reference.unitName(values.orgUnitId),
        }),
        description: values.password ? t('admin.user.passwordWillChange') : undefined,
      })}
      initialValues={
        editing
          ? {
              username: editing.username,
              fullName: editing.fullName,
              orgUnitId: editing.orgUnitId,
              roles: editing.roles,
              capabilities: editing.capabilities,
            }
          : { roles: ['official'], capabilities: [] }
      }
    >
      <KeyItem
        name="username"
        label={t('admin.col.username')}
        pattern={/^[a-z0-9][a-z0-9._-]{1,63}$/}
        invalid={t('admin.user.usernameInvalid')}
        frozen={editing !== null}
      />
      <RequiredTextItem name="fullName" label={t('admin.col.fullName')} />
      <Form.Item
        name="orgUnitId"
        label={t('admin.col.unit')}
        rules={[{ required: true, message: t('admin.required') }]}
      >
        <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll />
      </Form.Item>
      <Form.Item
        name="roles"
        label={t('admin.col.roles')}
        rules={[{ required: true, type: 'array', min: 1, message: t('admin.user.roleRequired') }]}
      >
        <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="capabilities" label={t('admin.user.capabilities')}>
        <Checkbox.Group
          options={CAPABILITIES.map((c) => ({ value: c, label: t(`capability.${c}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={editing ? t('admin.user.resetPassword') : t('admin.user.password')}
        extra={t('admin.user.passwordHelp')}
        rules={[
          { required: editing === null, message: t('admin.required') },
          { min: 8, message: t('admin.user.passwordShort') },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </ConfirmedSaveModal>
  );
}
