/**
 * The response bodies of api.md, as the tests read them: the types `npm run openapi` generates
 * from the controllers' DTOs (the web app reads the same ones), so tests and DTOs cannot drift.
 */
import { type components } from '../../web/src/api/schema';

type Schemas = components['schemas'];

export type AvailableActionBody = Schemas['AvailableActionDto'];
export type InstanceBody = Schemas['InstanceDto'];
export type HistoryEventBody = Schemas['HistoryEventDto'];
export type ErrorDetailBody = Schemas['ErrorDetailDto'];
export type ErrorBody = Schemas['ErrorBodyDto'];
export type CommandAcceptedBody = Schemas['CommandAcceptedDto'];
export type CommandStatusBody = Schemas['CommandStatusDto'];
export type VerifyBody = Schemas['VerifyReportDto'];
export type InboxItemBody = Schemas['InboxItemDto'];
export type InboxPageBody = Schemas['InboxPageDto'];
