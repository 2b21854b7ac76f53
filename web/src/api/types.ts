/**
 * The shapes the API answers with, taken from the generated OpenAPI types (`npm run openapi`
 * writes schema.d.ts from the controllers' DTOs): a DTO change shows up here as a type error.
 */
import { type components, type operations } from './schema';

type Schemas = components['schemas'];

export type Localized = Schemas['LocalizedTextDto'];
export type SignedInUser = Schemas['SignedInUserDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type OrgUnit = Schemas['OrgUnitDto'];
export type DefinitionSummary = Schemas['DefinitionSummaryDto'];

/** A JSON Schema as the server sends it (with x-title-en and x-enum-titles extensions). */
export type JsonSchema = Record<string, unknown>;

/**
 * A state and an event of the workflow definition document (the DSL, docs/definitions): the
 * document is JSON the API passes through, so OpenAPI describes it as an object only.
 */
export interface DefinitionStateSpec {
  title?: Localized;
  outcome?: string;
}

export interface DefinitionEventSpec {
  title?: Localized;
  form?: JsonSchema;
  commentRequired?: boolean;
}

export type DefinitionDetail = Omit<Schemas['DefinitionDto'], 'states' | 'events'> & {
  states: Record<string, DefinitionStateSpec>;
  events: Record<string, DefinitionEventSpec>;
};

export type DefinitionVersion = Schemas['DefinitionVersionDto'];
export type PublishedDefinition = Schemas['PublishedDefinitionDto'];
export type ValidationReport = Schemas['ValidationReportDto'];
export type AvailableAction = Schemas['AvailableActionDto'];
export type Instance = Schemas['InstanceDto'];
export type HistoryEvent = Schemas['HistoryEventDto'];
export type InboxItem = Schemas['InboxItemDto'];
export type InboxPage = Schemas['InboxPageDto'];
export type CommandAccepted = Schemas['CommandAcceptedDto'];
export type CommandStatus = Schemas['CommandStatusDto'];
export type VerifyReport = Schemas['VerifyReportDto'];
export type ErrorDetail = Schemas['ErrorDetailDto'];
export type ErrorBody = Schemas['ErrorBodyDto'];
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
export type CaseCopies = Schemas['CaseCopiesDto'];
export type CaseCopy = Schemas['CaseCopyDto'];
export type Attachment = Schemas['AttachmentDto'];
export type ServerDraft = Schemas['DraftDto'];
export type AdminUser = Schemas['AdminUserDto'];
export type AdminUserPage = Schemas['AdminUserPageDto'];
export type AppNotification = Schemas['NotificationDto'];
export type NotificationKind = AppNotification['kind'];
export type NotificationPage = Schemas['NotificationPageDto'];
/** The return (or rejection) that put a case in its current step. */
export type ReturnedNotice = Schemas['ReturnedNoticeDto'];
export type CaseRelation = NonNullable<
  NonNullable<operations['MyCasesController_list']['parameters']['query']>['relation']
>;
export type MyCase = Schemas['MyCaseDto'];
export type MyCasesPage = Schemas['MyCasesPageDto'];
/** A saved inbox view: its filters, and with whom it is shared. */
export type InboxView = Schemas['InboxViewDto'];
