/**
 * The shape of a workflow definition as stored, published and seeded.
 *
 * A definition is pure data: an xstate v5 machine config (JSON, no functions) plus, keyed by the
 * machine's top-level state names and event types, who may act, what form an event's data must
 * satisfy and how long a state may wait. Guards and actions inside `machine` are referenced by name
 * (`{ "type": "returnTargetIs", "params": { "state": "draft" } }`) and resolved against the registry
 * in `src/workflows/registry`.
 */

import { type LocalizedText, type JsonSchema, type JsonObject } from '../../common/json/json.types';

/**
 * Which unit acts, described relative to the instance's own unit so the same definition serves any
 * hierarchy (district–commune, or the post-2025 province–commune two tiers).
 *
 * - `self`: the instance's own unit (the drafter's unit); with `kind`, only when the unit is of
 *   that kind (e.g. only the Dân vận Board drafts its periodic report).
 * - `jurisdiction`: the unit of `kind` directly inside the instance's jurisdiction (the nearest
 *   ancestor-or-self whose kind is a jurisdiction kind, e.g. the commune): "the commune's Đảng ủy".
 * - `nearest`: like `jurisdiction`, but if the jurisdiction has no unit of `kind`, walk up to the
 *   parent jurisdiction, and so on: "the Dân vận Board above this unit".
 * - `root`: the unit of `kind` inside the topmost jurisdiction.
 * - `field`: the unit whose id the instance's data holds in `field` (a recipient chosen by the
 *   drafter, as in an information exchange between a department and an organisation).
 */
export type UnitSelector =
  | { relation: 'self'; kind?: string }
  | { relation: 'jurisdiction' | 'nearest' | 'root'; kind: string }
  | { relation: 'field'; field: string };

export interface Assignment {
  unit: UnitSelector;
  /** A capability the acting user must carry (e.g. `drafter`, `approver`); absent: any official. */
  capability?: string;
}

/**
 * How long a step may take: working days (`{ "workingDays": 5 }`, counted on the organisation's
 * holiday calendar and ending at the close of the office day), or calendar days and hours
 * (`{ "days": 10 }`), optionally ending at a local time of day (`{ "days": 3, "at": "17:00" }`).
 */
export interface DurationSpec {
  workingDays?: number;
  days?: number;
  hours?: number;
  /** Local time `HH:MM` the last day ends at (with `workingDays` or `days`). */
  at?: string;
}

export interface StateSpec {
  title: LocalizedText;
  /** Who acts while the instance waits here. Required for every non-final state. */
  assignment?: Assignment;
  /** How long the state may wait before it is overdue. */
  deadline?: DurationSpec;
  /**
   * A form field holding a date (`YYYY-MM-DD`) that the sender set for this step, such as the
   * reply-by date of an exchange (point 2): when the case's data has it, the step is due at the
   * end of that office day (or `deadline.at`), honoured as given even if it falls before
   * `deadline` would; absent, or already past when the step opens, `deadline` applies.
   */
  deadlineField?: string;
  /**
   * How long before the deadline its assignees are reminded. Absent: a day before, or halfway
   * through a deadline shorter than two days.
   */
  reminderBefore?: DurationSpec;
  /** For final states: the instance status once reached. Defaults to `completed`. */
  outcome?: 'completed' | 'cancelled';
  /**
   * Four eyes: whoever acts here under this state's assignment must not be anyone who acted in
   * these earlier states (as themselves or for someone by delegation), e.g. `["draft"]`: a drafter
   * never approves their own submission. Events with an assignment of their own (the drafter's
   * WITHDRAW) are not the step's action and are not restricted.
   */
  actorDistinctFrom?: string[];
  /**
   * Copies (nơi nhận) sent when the instance enters this state: each recipient unit may then read
   * the case and comment on it (cho ý kiến), never act on it, and its officials are notified.
   */
  copies?: CopySpec[];
}

/**
 * One entry of a state's `copies`: a unit chosen like an assignment's, or with `relation: "field"`
 * the units whose ids the case's data holds in that field (one id, or a list the drafter named).
 */
export interface CopySpec {
  unit: UnitSelector;
}

export interface EventSpec {
  title: LocalizedText;
  /** JSON Schema the event's `data` must satisfy; absent: the event carries no data. */
  form?: JsonSchema;
  /**
   * When true the command must carry an opinion (e.g. RETURN for revision): a non-empty `comment`,
   * or text in one of the form's opinion fields (`"x-opinion": true`, see forms/opinion-fields).
   */
  commentRequired?: boolean;
  /** Overrides the state's assignment for this event (e.g. WITHDRAW is the drafter's, not the reviewer's). */
  assignment?: Assignment;
}

/** The xstate v5 machine config, as JSON. Only flat (top-level) states are supported. */
export interface MachineConfigJson {
  id: string;
  initial: string;
  states: Record<string, MachineStateConfigJson>;
  [key: string]: unknown;
}

export interface MachineStateConfigJson {
  type?: 'final';
  on?: Record<string, TransitionConfigJson | TransitionConfigJson[]>;
  entry?: ActionRefJson | ActionRefJson[];
  exit?: ActionRefJson | ActionRefJson[];
  [key: string]: unknown;
}

export interface TransitionConfigJson {
  target?: string;
  guard?: GuardRefJson;
  actions?: ActionRefJson | ActionRefJson[];
  [key: string]: unknown;
}

export type GuardRefJson = string | { type: string; params?: JsonObject };
export type ActionRefJson = string | { type: string; params?: JsonObject };

/**
 * What a workflow issues when it reaches `onState`: a Party document numbered in its issuing
 * body's register (sổ văn bản) for the type and year, laid out per Hướng dẫn 36-HD/VPTW.
 */
export interface DocumentSpec {
  /** The (final) state whose entry promulgates the document. */
  onState: string;
  /** The type's code in the number and symbol: `QC` → "Số 03-QC/HU". */
  type: string;
  /** The type's name, printed above the summary: "QUY CHẾ". */
  typeName: LocalizedText;
  /**
   * The unit that signs (ký ban hành); the Party committee it belongs to is the issuing body
   * whose register numbers the document.
   */
  issuer: UnitSelector;
  /** The signing lines: "T/M BAN THƯỜNG VỤ" and the signer's post, "PHÓ BÍ THƯ". */
  signature: { onBehalfOf: string; title: string };
  /** Addressees printed under "Nơi nhận" after the drafting unit; "Lưu Văn phòng" comes last. */
  recipients?: string[];
  /** When true, promulgation is refused until a signed scan is attached to the instance. */
  requireSignedScan?: boolean;
  /**
   * The partners who sign a joint document beside the issuer (cùng ký ban hành): whoever last
   * moved the case on from `state` signs a block of their own, "T/M ỦY BAN NHÂN DÂN" and their
   * post, taken from the form field `titleField` of that step when given.
   */
  coSigners?: Array<{ state: string; onBehalfOf: string; titleField?: string }>;
}

export interface WorkflowDefinitionDocument {
  /** Stable key, kebab-case: `regulation-review`. */
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  machine: MachineConfigJson;
  /** Keyed by every top-level state name of `machine`. */
  states: Record<string, StateSpec>;
  /** Keyed by every event type used in `machine`. */
  events: Record<string, EventSpec>;
  /** The document the workflow promulgates, if it issues one. */
  document?: DocumentSpec;
}

/**
 * The context every machine runs with. `data` is the document being drafted and reviewed;
 * `origin` describes the instance's unit so guards can route without knowing ids.
 */
export interface WorkflowContext {
  data: JsonObject;
  origin: {
    orgUnitId: string;
    /** Kind of the instance's jurisdiction (e.g. `commune`, `district`, `province`). */
    jurisdictionKind: string;
    /** True when the jurisdiction has no parent jurisdiction (district-level drafter). */
    atTopJurisdiction: boolean;
  };
  /** Approvals given so far on the current round, oldest first. */
  approvals: Array<{ state: string; actorId: string }>;
}

/** The event an engine transition receives: a command after authorisation. */
export interface WorkflowEvent {
  type: string;
  data?: JsonObject;
  comment?: string;
  actor: { id: string; orgUnitId: string };
}
