import type { components } from '../../web/src/api/schema';

// The answers' shapes are the generated OpenAPI schemas (`npm run openapi`), as in the web app.
type Schemas = components['schemas'];

/** The response bodies of api.md, as the tests read them. */

export type AvailableActionBody = Schemas['AvailableActionDto'];

export type InstanceBody = Schemas['InstanceDto'];

export type HistoryEventBody = Schemas['HistoryEventDto'];

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

export type CommandAcceptedBody = Schemas['CommandAcceptedDto'];

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

export type InboxItemBody = Schemas['InboxItemDto'];

export type InboxPageBody = Schemas['InboxPageDto'];
