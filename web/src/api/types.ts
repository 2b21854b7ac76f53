/** The shapes the API answers with (see docs/api.md and the controllers' DTOs). */
export interface Localized {
  vi: string;
  en: string;
}

export interface SignedInUser {
  id: string;
  username: string;
  roles: string[];
  capabilities: string[];
  orgUnitId: string;
  fullName: string;
}

export interface LoginResponse {
  accessToken: string;
  user: SignedInUser;
}

export interface OrgUnit {
  id: string;
  slug: string;
  name: string;
  nameEn: string | null;
  kind: string;
  parentId: string | null;
}

export interface DefinitionSummary {
  key: string;
  version: number;
  title: string;
  titleEn: string;
  description?: string;
  status: string;
  publishedAt: string;
}

export interface DefinitionStateSpec {
  title?: Localized;
  outcome?: string;
}

export interface DefinitionEventSpec {
  title?: Localized;
  form?: JsonSchema;
  commentRequired?: boolean;
}

export interface DefinitionDetail extends DefinitionSummary {
  id: string;
  states: Record<string, DefinitionStateSpec>;
  events: Record<string, DefinitionEventSpec>;
  document: Record<string, unknown>;
}

export interface DefinitionVersion {
  key: string;
  version: number;
  status: string;
  publishedAt: string;
  instances: number;
}

export interface PublishedDefinition {
  key: string;
  version: number;
  created: boolean;
}

export interface ValidationReport {
  valid: boolean;
  details: ErrorDetail[];
}

/** A JSON Schema as the server sends it (with x-title-en and x-enum-titles extensions). */
export type JsonSchema = Record<string, unknown>;

export interface AvailableAction {
  type: string;
  title: string;
  titleEn: string;
  commentRequired: boolean;
  formSchema?: JsonSchema;
}

export interface Instance {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  orgUnitId: string;
  title: string;
  state: string;
  stateTitle?: string;
  status: 'active' | 'completed' | 'cancelled';
  version: number;
  data: Record<string, unknown>;
  availableActions: AvailableAction[];
  createdBy?: string;
  createdAt: string;
  updatedAt: string;
  returned?: ReturnedNotice | null;
}

export interface HistoryEvent {
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actor: { id: string; username: string; fullName: string; orgUnitId: string; orgUnitName: string };
  onBehalfOf: { id: string; username: string; fullName: string } | null;
  data: Record<string, unknown> | null;
  comment: string | null;
  /** The form's opinion fields and the comment: what the official wrote with the action. */
  opinion: string | null;
  at: string;
  prevHash: string;
  hash: string;
}

export interface InboxItem {
  taskId?: string;
  instanceId: string;
  definitionKey: string;
  title: string;
  state: string;
  orgUnitId: string;
  dueAt: string | null;
  /** Working days left on the holiday calendar (null without a deadline). */
  remainingWorkingDays?: number | null;
  overdue: boolean;
  createdAt?: string;
  claimedBy?: UserRef | null;
  returned?: ReturnedNotice | null;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
}

export interface CommandAccepted {
  commandId: string;
  status: 'pending';
}

export interface CommandStatus {
  id: string;
  status: 'pending' | 'applied' | 'rejected';
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
  instanceVersion?: number;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  instances?: number;
  firstBroken?: { instanceId?: string; seq?: number; reason?: string };
}

export interface ErrorDetail {
  path: string;
  message: string;
  messages?: Localized;
  [key: string]: unknown;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: ErrorDetail[];
  [key: string]: unknown;
}

export interface AuditActor {
  id: string;
  username: string;
  fullName: string | null;
  orgUnitId: string;
  orgUnitName: string | null;
}

export interface AuditEvent {
  id: string;
  instanceId: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actor: AuditActor;
  data: Record<string, unknown> | null;
  comment: string | null;
  opinion: string | null;
  at: string;
  hash: string;
  instance: {
    id: string;
    title: string;
    definitionKey: string;
    definitionVersion: number;
    orgUnitId: string;
    orgUnitName: string;
  };
}

export interface AuditEventPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export interface JsonChange {
  op: 'added' | 'removed' | 'changed';
  path: string;
  oldValue?: unknown;
  newValue?: unknown;
}

export interface TimelineEvent {
  seq: number;
  type: string;
  typeTitle: string;
  fromState: string | null;
  toState: string;
  toStateTitle: string;
  actor: AuditActor;
  at: string;
  comment: string | null;
  opinion: string | null;
  data: Record<string, unknown> | null;
  submission: boolean;
  changes: JsonChange[];
  hash: string;
}

export interface Timeline {
  instance: {
    id: string;
    title: string;
    definitionKey: string;
    definitionVersion: number;
    definitionTitle: string;
    orgUnit: { id: string; slug: string; name: string };
    state: string;
    stateTitle: string;
    status: string;
    version: number;
    createdAt: string;
    updatedAt: string;
  };
  chain: { ok: boolean; firstBroken?: VerifyReport['firstBroken'] };
  events: TimelineEvent[];
}

export interface UserRef {
  id: string;
  username: string;
  fullName?: string;
}

export interface InboxCounts {
  total: number;
  overdue: number;
  dueSoon: number;
  unclaimed?: number;
  claimedByMe?: number;
  delegated?: number;
}

export interface Claim {
  instanceId: string;
  taskId: string;
  state: string;
  claimedBy: UserRef | null;
  claimedAt: string | null;
}

export interface InstanceComment {
  id: string;
  body: string;
  replyToId: string | null;
  author: {
    id: string;
    username: string;
    fullName: string;
    orgUnitId: string;
    orgUnitName: string;
  };
  createdAt: string;
}

export interface CommentPage {
  items: InstanceComment[];
  nextCursor: string | null;
}

export interface Attachment {
  id: string;
  instanceId: string;
  fileName: string;
  contentType?: string;
  size: number;
  sha256?: string;
  uploadedBy: UserRef;
  uploadedAt: string;
}

export interface ServerDraft {
  instanceId: string;
  eventType: string;
  data: Record<string, unknown>;
  comment: string | null;
  updatedAt: string;
}

export interface AdminUser {
  id: string;
  username: string;
  fullName: string;
  roles: string[];
  capabilities: string[];
  orgUnitId: string;
  active: boolean;
}

export interface AdminUserPage {
  items: AdminUser[];
  nextCursor: string | null;
}

export type NotificationKind =
  | 'new-task'
  | 'returned'
  | 'reminder'
  | 'overdue'
  | 'escalated'
  | 'campaign-reminder'
  | 'nudged'
  | 'replied';

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  instanceId: string | null;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: AppNotification[];
  unread: number;
}

/** The return (or rejection) that put a case in its current step. */
export interface ReturnedNotice {
  type: string;
  by: UserRef;
  byOrgUnitId: string;
  at: string;
  comment: string | null;
}

export type CaseRelation = 'created' | 'acted' | 'followed';

export interface MyCase {
  instanceId: string;
  definitionKey: string;
  title: string;
  state: string;
  status: 'active' | 'completed' | 'cancelled';
  orgUnitId: string;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  returned: ReturnedNotice | null;
}

export interface MyCasesPage {
  items: MyCase[];
  nextCursor: string | null;
  total: number;
}

/** A saved inbox view: its filters, and with whom it is shared. */
export interface InboxView {
  id: string;
  name: string;
  filters: {
    kind?: 'step' | 'escalation';
    q?: string;
    definitionKey?: string;
    overdue?: boolean;
    dueBefore?: string;
    dueWithinHours?: number;
    sort?: 'due' | 'age';
  };
  owner: UserRef;
  mine: boolean;
  sharedWithUnitId: string | null;
  sharedWithRole: string | null;
  createdAt: string;
}
