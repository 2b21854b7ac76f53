/**
 * The shapes the API answers with. Most are the generated OpenAPI schemas (`npm run openapi`
 * writes schema.d.ts from the controllers' DTOs), so the web app cannot drift from the API; the
 * rest are request shapes and client-side unions not in the document.
 */
import type { components } from './schema';

type Schemas = components['schemas'];
export type Localized = Schemas['LocalizedTextDto'];

export type SignedInUser = Schemas['SignedInUserDto'];

export type LoginResponse = Schemas['LoginResponseDto'];

export type OrgUnit = Schemas['OrgUnitDto'];

export type DefinitionSummary = Schemas['DefinitionSummaryDto'];

export interface DefinitionStateSpec {
  title?: Localized;
  outcome?: string;
}

export interface DefinitionEventSpec {
  title?: Localized;
  form?: JsonSchema;
  commentRequired?: boolean;
}

export type DefinitionDetail = Schemas['DefinitionDto'];

export type DefinitionVersion = Schemas['DefinitionVersionDto'];

export type PublishedDefinition = Schemas['PublishedDefinitionDto'];

export interface ValidationReport {
  valid: boolean;
  details: ErrorDetail[];
}

/** A JSON Schema as the server sends it (with x-title-en and x-enum-titles extensions). */
export type JsonSchema = Record<string, unknown>;

export type AvailableAction = Schemas['AvailableActionDto'];

export type Instance = Schemas['InstanceDto'];

export type HistoryEvent = Schemas['HistoryEventDto'];

export type InboxItem = Schemas['InboxItemDto'];

export type InboxPage = Schemas['InboxPageDto'];

export type CommandAccepted = Schemas['CommandAcceptedDto'];

// Hand-written: the DTO types `error` / `firstBroken` as a free-form object.
export interface CommandStatus {
  id: string;
  status: 'pending' | 'applied' | 'rejected';
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
  instanceVersion?: number;
}

// Hand-written: the DTO types `error` / `firstBroken` as a free-form object.
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

export type AuditActor = Schemas['AuditActorDto'];

export type AuditEvent = Schemas['AuditEventDto'];

export type AuditEventPage = Schemas['AuditEventPageDto'];

export type JsonChange = Schemas['JsonChangeDto'];

export type TimelineEvent = Schemas['TimelineEventDto'];

export type Timeline = Schemas['TimelineDto'];

export type UserRef = Schemas['UserRefDto'];

export type InboxCounts = Schemas['InboxCountsDto'];

export type Claim = Schemas['ClaimDto'];

export type InstanceComment = Schemas['CommentDto'];

export type CommentPage = Schemas['CommentPageDto'];

export type Attachment = Schemas['AttachmentDto'];

export type ServerDraft = Schemas['DraftDto'];

export type AdminUser = Schemas['AdminUserDto'];

export type AdminUserPage = Schemas['AdminUserPageDto'];

export type NotificationKind =
  'new-task' | 'returned' | 'reminder' | 'overdue' | 'escalated' | 'campaign-reminder' | 'nudged';

export type AppNotification = Schemas['NotificationDto'];

export type NotificationPage = Schemas['NotificationPageDto'];

/** The return (or rejection) that put a case in its current step. */
export type ReturnedNotice = Schemas['ReturnedNoticeDto'];

export type CaseRelation = 'created' | 'acted' | 'followed';

export type MyCase = Schemas['MyCaseDto'];

export type MyCasesPage = Schemas['MyCasesPageDto'];

/** A saved inbox view: its filters, and with whom it is shared. */
export type InboxView = Schemas['InboxViewDto'];
