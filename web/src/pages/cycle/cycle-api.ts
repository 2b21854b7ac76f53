/** The shapes of the directive and campaign routes (see the server's campaign and directive DTOs). */
export interface CampaignProgress {
  total: number;
  completed: number;
  overdue: number;
  notStarted: number;
  inProgress: number;
  cancelled: number;
}

export type CampaignStanding = 'completed' | 'overdue' | 'notStarted' | 'inProgress' | 'cancelled';

export interface CampaignSummary {
  id: string;
  title: string;
  definitionKey: string;
  directiveId: string | null;
  point: number | null;
  dueDate: string;
  progress: CampaignProgress;
  createdAt: string;
}

export interface CampaignItem {
  instanceId: string;
  orgUnitId: string;
  orgUnitName: string;
  state: string;
  stateTitle: string;
  status: string;
  standing: CampaignStanding;
  dueAt: string;
  updatedAt: string;
}

export interface Campaign extends Omit<CampaignSummary, 'createdAt'> {
  directiveSymbol: string | null;
  dueAt: string;
  items: CampaignItem[];
  createdAt: string;
  lastRemindedAt: string | null;
}

export interface DirectivePoint {
  no: number;
  text: string;
  campaigns?: CampaignSummary[];
}

export interface Directive {
  id: string;
  symbol: string;
  issuedAt: string;
  issuer: string;
  title: string;
  recipients: string[];
  points: DirectivePoint[];
}

export interface RemindersSent {
  instanceIds: string[];
  notified: number;
}

export interface PromulgatedDocument {
  number: number;
  symbol: string;
  issuedAt: string;
  signer: string;
  signerTitle: string;
  onBehalfOf: string;
  recipients: string[];
  type: string;
  typeName: string;
  issuingBody: { id: string; name: string };
  superiorBody: string | null;
  place: string;
  /** Partners who signed beside the issuer (cùng ký ban hành). */
  coSigners?: Array<{ onBehalfOf: string; title: string; signer: string; unitName: string }>;
}

export interface DocumentLayout {
  document: PromulgatedDocument;
  summary: string;
  body: Array<{ text: string; level: number; heading?: boolean }>;
}
