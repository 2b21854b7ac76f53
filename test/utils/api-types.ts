/** The response bodies of api.md, as the tests read them. */

export interface AvailableActionBody {
  type: string;
  title: string;
  titleEn: string;
  commentRequired: boolean;
  formSchema?: Record<string, unknown>;
}

export interface InstanceBody {
  id: string;
  definitionKey: string;
  definitionVersion: number;
  orgUnitId: string;
  title: string;
  state: string;
  stateTitle: string;
  status: 'active' | 'completed' | 'cancelled';
  version: number;
  data: Record<string, unknown>;
  availableActions: AvailableActionBody[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEventBody {
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actor: { id: string; username: string; fullName: string; orgUnitId: string; orgUnitName: string };
  onBehalfOf: { id: string; username: string; fullName: string } | null;
  data: Record<string, unknown> | null;
  comment: string | null;
  /** The form's opinion fields and the comment, blank-line separated. */
  opinion: string | null;
  commandId: string | null;
  at: string;
  prevHash: string;
  hash: string;
}

export interface ErrorDetailBody {
  path: string;
  message: string;
  messages?: { vi: string; en: string };
  keyword?: string;
  allowedEvents?: string[];
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: ErrorDetailBody[];
  allowedEvents?: string[];
  instance?: InstanceBody;
}

export interface CommandAcceptedBody {
  commandId: string;
  status: 'pending';
}

export interface CommandStatusBody {
  id: string;
  instanceId: string;
  type: string;
  status: 'pending' | 'applied' | 'rejected';
  error?: { code: string; message: string; details?: ErrorDetailBody[] };
  instanceVersion?: number;
}

export interface VerifyBody {
  ok: boolean;
  checked: number;
  instances: number;
  firstBroken?: { instanceId: string; seq: number; reason: string };
}

export interface InboxItemBody {
  taskId: string;
  instanceId: string;
  definitionKey: string;
  title: string;
  state: string;
  orgUnitId: string;
  dueAt: string | null;
  /** Working days left on the holiday calendar (null without a deadline). */
  remainingWorkingDays: number | null;
  overdue: boolean;
}

export interface InboxPageBody {
  items: InboxItemBody[];
  nextCursor: string | null;
}
