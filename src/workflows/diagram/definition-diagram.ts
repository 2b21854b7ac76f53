/**
 * Renders a workflow definition (an xstate v5 machine config plus titles) as a standalone SVG.
 *
 * Pure: no Nest, no I/O. Layout is entirely ELK's (layered algorithm, orthogonal routing, centred
 * edge labels); this module only estimates box sizes, hands ELK the graph and draws what ELK
 * returns. Every piece of text comes from admin-supplied data and is XML-escaped, with characters
 * that XML 1.0 cannot carry removed, so the output is always well-formed and never carries markup
 * from a title.
 *
 * Hooks for tests and the UI: node groups carry `data-state="<key>"`, edge groups carry
 * `data-event`, `data-from`, `data-to` (and `data-guard` when guarded); highlighted elements carry
 * `data-current`, `data-visited` or `data-taken` and the matching classes.
 */
import ELK, {
  type ELK as ElkInstance,
  type ElkExtendedEdge,
  type ElkNode,
  type ElkPoint,
  type LayoutOptions,
} from 'elkjs/lib/elk.bundled.js';
import type {
  EventSpec,
  GuardRefJson,
  StateSpec,
  TransitionConfigJson,
  WorkflowDefinitionDocument,
} from '../engine/definition.types';
import { resolveStateTarget } from '../engine/state-targets';
import { guardTitle } from '../registry/guard-titles';
import { type LocalizedText } from '../../common/json/json.types';

export type DiagramLanguage = 'vi' | 'en';
export type DiagramDirection = 'DOWN' | 'RIGHT';

export interface TakenTransition {
  from: string;
  event: string;
  to: string;
}

export interface DiagramHighlight {
  /** The state the instance waits in now: filled distinctly. */
  currentState?: string;
  /** States the instance has passed through: accent border. */
  visitedStates?: string[];
  /** Transitions the instance has taken: accent colour, thicker stroke. */
  takenTransitions?: TakenTransition[];
}

export interface RenderDiagramOptions {
  /** Language of titles; default `vi`. */
  language?: DiagramLanguage;
  highlight?: DiagramHighlight;
  /** Main flow direction; default `DOWN`. */
  direction?: DiagramDirection;
}

/** A node of the diagram: a top-level state, or a transition target that names no state. */
export interface DiagramState {
  key: string;
  title: string;
  isInitial: boolean;
  isFinal: boolean;
  /** True for a target that is not a top-level state of the machine (a broken definition). */
  isMissing: boolean;
}

/** An edge of the diagram: one transition, or one guarded branch of a transition. */
export interface DiagramTransition {
  from: string;
  event: string;
  to: string;
  /** Guard name (its `type`) when the branch is guarded. */
  guard?: string;
  /** Event title in the chosen language plus ` [guard]` when guarded. */
  label: string;
}

export interface DiagramModel {
  title: string;
  initial: string;
  states: DiagramState[];
  transitions: DiagramTransition[];
}

// ---------------------------------------------------------------------------------------------
// Look and feel
// ---------------------------------------------------------------------------------------------

export const DIAGRAM_FONT_FAMILY = "'Noto Sans', 'Segoe UI', Arial, sans-serif";

const COLORS = {
  text: '#0f172a',
  mutedText: '#64748b',
  nodeFill: '#ffffff',
  nodeStroke: '#475569',
  finalFill: '#f1f5f9',
  missingStroke: '#dc2626',
  edge: '#64748b',
  edgeLabelText: '#334155',
  labelBackground: '#ffffff',
  accent: '#2563eb',
  visitedFill: '#eff6ff',
  currentFill: '#fde68a',
  currentStroke: '#b45309',
  initialDot: '#0f172a',
} as const;

const TITLE_FONT_SIZE = 14;
const TITLE_LINE_HEIGHT = 18;
const NODE_PADDING_X = 18;
const NODE_PADDING_Y = 10;
const NODE_MIN_WIDTH = 120;
const TITLE_MAX_LINE_WIDTH = 220;
const NODE_RADIUS = 8;
const FINAL_INSET = 4;
const LABEL_FONT_SIZE = 12;
const LABEL_HEIGHT = 18;
const LABEL_PADDING_X = 6;
const INITIAL_DOT_SIZE = 14;
const STROKE = 1.5;
const STROKE_HIGHLIGHT = 3;
const ARROW_SIZE = 9;

const ELK_LAYOUT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.padding': '[top=24,left=24,bottom=24,right=24]',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  // Keep the definition's order: the flow reads top-down as written, back edges (RETURN) go up.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

// ---------------------------------------------------------------------------------------------
// Text helpers (exported for tests)
// ---------------------------------------------------------------------------------------------

/** Characters XML 1.0 allows; everything else (C0 controls, lone surrogates, U+FFFE/F) is dropped. */
const XML_INVALID_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeXml(value: string): string {
  return value.replace(XML_INVALID_CHARS, '').replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/**
 * Estimated advance width of `text` in a proportional sans-serif font, in px. Combining marks
 * (Vietnamese tone marks when decomposed) take no room; wide (CJK) characters take a full em.
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const char of text.normalize('NFD').replace(/\p{M}/gu, '')) {
    ems += charWidthEm(char);
  }
  return ems * fontSize * (bold ? 1.07 : 1);
}

function charWidthEm(char: string): number {
  if (char === ' ') return 0.28;
  if (/[ijlI.,:;'!|`]/.test(char)) return 0.3;
  if (/[ft()[\]{}\-/\\r"]/.test(char)) return 0.38;
  if (/[mwMW@]/.test(char)) return 0.86;
  if (/[A-ZĐ%&#]/.test(char)) return 0.68;
  if (
    /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60]/.test(char)
  ) {
    return 1;
  }
  if (/\p{Extended_Pictographic}/u.test(char)) return 1.1;
  return 0.56;
}

/** Greedy word wrap on estimated widths; a word longer than the line keeps a line of its own. */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const words = text.split(' ').filter((word) => word.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && estimateTextWidth(candidate, fontSize, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Collapses whitespace (titles may hold newlines) so text measures and renders on one line. */
function cleanText(value: string): string {
  return value.replace(XML_INVALID_CHARS, '').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Model extraction (pure, exported for tests)
// ---------------------------------------------------------------------------------------------

function ownValue<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function pickText(
  text: LocalizedText | undefined,
  language: DiagramLanguage,
  fallback: string,
): string {
  const candidates: unknown[] = [text?.[language], text?.vi, text?.en];
  for (const candidate of candidates) {
    if (typeof candidate === 'string') {
      const cleaned = cleanText(candidate);
      if (cleaned !== '') return cleaned;
    }
  }
  return cleanText(fallback);
}

function guardName(guard: GuardRefJson | undefined): string | undefined {
  if (guard === undefined) return undefined;
  return typeof guard === 'string' ? guard : guard.type;
}

/**
 * How a guarded branch is worded: the registry's title of the guard in parentheses. A name the
 * registry does not know (only a draft that fails validation has one) stays in brackets, so the
 * admin sees what is wrong.
 */
function guardLabel(
  doc: WorkflowDefinitionDocument,
  guard: GuardRefJson | undefined,
  language: DiagramLanguage,
): string {
  const name = guardName(guard) ?? '';
  const params = typeof guard === 'object' ? guard.params : undefined;
  const stateTitle = (key: string): string =>
    pickText(ownValue(doc.states, key)?.title, language, key);
  const title = guardTitle(name, params, language, stateTitle);
  return title === undefined ? `[${cleanText(name)}]` : `(${cleanText(title)})`;
}

function asBranches(
  value: TransitionConfigJson | TransitionConfigJson[] | undefined,
): TransitionConfigJson[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The nodes and edges to draw, in definition order (initial state first). */
export function buildDiagramModel(
  doc: WorkflowDefinitionDocument,
  language: DiagramLanguage = 'vi',
): DiagramModel {
  const machineStates = doc.machine.states;
  const initial = doc.machine.initial;
  const keys = Object.keys(machineStates);
  const ordered = keys.includes(initial)
    ? [initial, ...keys.filter((key) => key !== initial)]
    : keys;

  const states: DiagramState[] = ordered.map((key) => {
    const spec: StateSpec | undefined = ownValue(doc.states, key);
    return {
      key,
      title: pickText(spec?.title, language, key),
      isInitial: key === initial,
      isFinal: ownValue(machineStates, key)?.type === 'final',
      isMissing: false,
    };
  });
  const known = new Set(ordered);
  const missing: DiagramState[] = [];

  const transitions: DiagramTransition[] = [];
  for (const from of ordered) {
    const on = ownValue(machineStates, from)?.on ?? {};
    for (const [event, value] of Object.entries(on)) {
      const eventSpec: EventSpec | undefined = ownValue(doc.events, event);
      const eventTitle = pickText(eventSpec?.title, language, event);
      for (const branch of asBranches(value)) {
        if (typeof branch.target !== 'string' || branch.target === '') continue; // internal
        const to = resolveStateTarget(branch.target, doc.machine.id, machineStates);
        if (!known.has(to)) {
          known.add(to);
          missing.push({ key: to, title: to, isInitial: false, isFinal: false, isMissing: true });
        }
        const guard = guardName(branch.guard);
        transitions.push({
          from,
          event,
          to,
          ...(guard !== undefined ? { guard } : {}),
          label:
            guard !== undefined
              ? `${eventTitle} ${guardLabel(doc, branch.guard, language)}`
              : eventTitle,
        });
      }
    }
  }

  // A missing initial state is still pointed at, so the broken definition shows.
  if (!keys.includes(initial) && !known.has(initial)) {
    missing.unshift({
      key: initial,
      title: initial,
      isInitial: true,
      isFinal: false,
      isMissing: true,
    });
  }

  return {
    title: pickText(doc.title, language, doc.key),
    initial,
    states: [...states, ...missing],
    transitions,
  };
}

// ---------------------------------------------------------------------------------------------
// Layout (ELK)
// ---------------------------------------------------------------------------------------------

let elkInstance: ElkInstance | undefined;

function elk(): ElkInstance {
  elkInstance ??= new ELK();
  return elkInstance;
}

interface NodeBox {
  state: DiagramState;
  id: string;
  titleLines: string[];
  width: number;
  height: number;
}

interface EdgeBox {
  transition: DiagramTransition;
  id: string;
  labelWidth: number;
}

const INITIAL_NODE_ID = 'initial';
const INITIAL_EDGE_ID = 'initial-edge';

function measureNode(state: DiagramState, index: number): NodeBox {
  const titleLines = wrapText(state.title, TITLE_MAX_LINE_WIDTH, TITLE_FONT_SIZE, true);
  const contentWidth = Math.max(
    ...titleLines.map((line) => estimateTextWidth(line, TITLE_FONT_SIZE, true)),
  );
  return {
    state,
    id: `n${index}`,
    titleLines,
    width: Math.ceil(Math.max(NODE_MIN_WIDTH, contentWidth + 2 * NODE_PADDING_X)),
    height: 2 * NODE_PADDING_Y + titleLines.length * TITLE_LINE_HEIGHT,
  };
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(
      ([name, value]) => ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`,
    )
    .join('');
}

function pathData(edge: ElkExtendedEdge): string {
  return (edge.sections ?? [])
    .map((section) => {
      const points: ElkPoint[] = [
        section.startPoint,
        ...(section.bendPoints ?? []),
        section.endPoint,
      ];
      return points
        .map((point, index) => `${index === 0 ? 'M' : 'L'}${num(point.x)} ${num(point.y)}`)
        .join(' ');
    })
    .join(' ');
}

function idPrefix(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_-]/g, '_');
  return `wfd-${safe === '' ? 'x' : safe}`;
}

function renderMarker(id: string, color: string): string {
  return (
    `<marker${attrs({
      id,
      viewBox: '0 0 10 10',
      refX: 10,
      refY: 5,
      markerWidth: ARROW_SIZE,
      markerHeight: ARROW_SIZE,
      markerUnits: 'userSpaceOnUse',
      orient: 'auto',
    })}>` + `<path d="M0 0 L10 5 L0 10 z"${attrs({ fill: color })}/></marker>`
  );
}

function renderNode(
  box: NodeBox,
  laidOut: ElkNode | undefined,
  current: boolean,
  visited: boolean,
): string {
  const x = laidOut?.x ?? 0;
  const y = laidOut?.y ?? 0;
  const { state, width, height } = box;
  const classes = ['state'];
  if (state.isInitial) classes.push('initial');
  if (state.isFinal) classes.push('final');
  if (state.isMissing) classes.push('missing');
  if (visited) classes.push('visited');
  if (current) classes.push('current');

  let fill: string = state.isFinal ? COLORS.finalFill : COLORS.nodeFill;
  let stroke: string = state.isMissing ? COLORS.missingStroke : COLORS.nodeStroke;
  let strokeWidth = STROKE;
  if (visited) {
    fill = COLORS.visitedFill;
    stroke = COLORS.accent;
    strokeWidth = STROKE_HIGHLIGHT;
  }
  if (current) {
    fill = COLORS.currentFill;
    stroke = COLORS.currentStroke;
    strokeWidth = STROKE_HIGHLIGHT;
  }
  const dash = state.isMissing ? '6 4' : undefined;

  const parts: string[] = [];
  parts.push(
    `<g${attrs({
      class: classes.join(' '),
      'data-state': state.key,
      'data-final': state.isFinal ? 'true' : undefined,
      'data-missing': state.isMissing ? 'true' : undefined,
      'data-visited': visited ? 'true' : undefined,
      'data-current': current ? 'true' : undefined,
    })}>`,
  );
  parts.push(`<title>${escapeXml(state.title)}</title>`);
  parts.push(
    `<rect${attrs({
      x,
      y,
      width,
      height,
      rx: NODE_RADIUS,
      fill,
      stroke,
      'stroke-width': strokeWidth,
      'stroke-dasharray': dash,
    })}/>`,
  );
  if (state.isFinal) {
    parts.push(
      `<rect${attrs({
        class: 'final-inner',
        x: x + FINAL_INSET,
        y: y + FINAL_INSET,
        width: width - 2 * FINAL_INSET,
        height: height - 2 * FINAL_INSET,
        rx: NODE_RADIUS - FINAL_INSET / 2,
        fill: 'none',
        stroke,
        'stroke-width': STROKE,
      })}/>`,
    );
  }
  const centerX = x + width / 2;
  const tspans = box.titleLines
    .map((line, index) => {
      const baseline =
        y +
        NODE_PADDING_Y +
        index * TITLE_LINE_HEIGHT +
        (TITLE_LINE_HEIGHT + TITLE_FONT_SIZE * 0.7) / 2;
      return `<tspan${attrs({ x: centerX, y: baseline })}>${escapeXml(line)}</tspan>`;
    })
    .join('');
  parts.push(
    `<text${attrs({
      class: 'state-title',
      'text-anchor': 'middle',
      'font-size': TITLE_FONT_SIZE,
      'font-weight': 600,
      fill: COLORS.text,
    })}>${tspans}</text>`,
  );
  parts.push('</g>');
  return parts.join('');
}

function renderEdge(
  box: EdgeBox,
  laidOut: ElkExtendedEdge | undefined,
  taken: boolean,
  markers: { normal: string; taken: string },
  titles: ReadonlyMap<string, string>,
): string {
  const { transition } = box;
  const titleOf = (key: string): string => titles.get(key) ?? key;
  const color = taken ? COLORS.accent : COLORS.edge;
  const parts: string[] = [];
  parts.push(
    `<g${attrs({
      class: `transition${transition.from === transition.to ? ' self-loop' : ''}${taken ? ' taken' : ''}`,
      'data-event': transition.event,
      'data-from': transition.from,
      'data-to': transition.to,
      'data-guard': transition.guard,
      'data-taken': taken ? 'true' : undefined,
    })}>`,
  );
  parts.push(
    `<title>${escapeXml(`${transition.label}: ${titleOf(transition.from)} → ${titleOf(transition.to)}`)}</title>`,
  );
  const d = laidOut !== undefined ? pathData(laidOut) : '';
  if (d !== '') {
    parts.push(
      `<path${attrs({
        d,
        fill: 'none',
        stroke: color,
        'stroke-width': taken ? STROKE_HIGHLIGHT : STROKE,
        'stroke-linejoin': 'round',
        'marker-end': `url(#${taken ? markers.taken : markers.normal})`,
      })}/>`,
    );
  }
  const label = laidOut?.labels?.[0];
  if (label !== undefined) {
    const lx = label.x ?? 0;
    const ly = label.y ?? 0;
    const lw = label.width ?? box.labelWidth;
    const lh = label.height ?? LABEL_HEIGHT;
    parts.push(
      `<g class="transition-label">` +
        `<rect${attrs({
          x: lx,
          y: ly,
          width: lw,
          height: lh,
          rx: 3,
          fill: COLORS.labelBackground,
          'fill-opacity': 0.9,
        })}/>` +
        `<text${attrs({
          x: lx + lw / 2,
          y: ly + (lh + LABEL_FONT_SIZE * 0.7) / 2,
          'text-anchor': 'middle',
          'font-size': LABEL_FONT_SIZE,
          'font-weight': taken ? 600 : undefined,
          fill: taken ? COLORS.accent : COLORS.edgeLabelText,
        })}>${escapeXml(transition.label)}</text>` +
        `</g>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Lays the definition out with ELK and returns a standalone SVG document (no XML declaration, so
 * it can also be inlined in HTML).
 */
export async function renderDefinitionDiagram(
  doc: WorkflowDefinitionDocument,
  options: RenderDiagramOptions = {},
): Promise<string> {
  const language = options.language ?? 'vi';
  const direction = options.direction ?? 'DOWN';
  const highlight = options.highlight ?? {};
  const model = buildDiagramModel(doc, language);

  const nodes = model.states.map(measureNode);
  const nodeIdByKey = new Map(nodes.map((node) => [node.state.key, node.id]));
  const edges: EdgeBox[] = model.transitions.map((transition, index) => ({
    transition,
    id: `e${index}`,
    labelWidth: Math.ceil(
      estimateTextWidth(transition.label, LABEL_FONT_SIZE) + 2 * LABEL_PADDING_X,
    ),
  }));
  const initialTargetId = nodeIdByKey.get(model.initial);

  const graph: ElkNode = {
    id: 'root',
    layoutOptions: { ...ELK_LAYOUT_OPTIONS, 'elk.direction': direction },
    children: [
      ...(initialTargetId !== undefined
        ? [
            {
              id: INITIAL_NODE_ID,
              width: INITIAL_DOT_SIZE,
              height: INITIAL_DOT_SIZE,
              layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' },
            },
          ]
        : []),
      ...nodes.map((node) => ({ id: node.id, width: node.width, height: node.height })),
    ],
    edges: [
      ...(initialTargetId !== undefined
        ? [{ id: INITIAL_EDGE_ID, sources: [INITIAL_NODE_ID], targets: [initialTargetId] }]
        : []),
      ...edges.flatMap((edge): ElkExtendedEdge[] => {
        const source = nodeIdByKey.get(edge.transition.from);
        const target = nodeIdByKey.get(edge.transition.to);
        if (source === undefined || target === undefined) return [];
        return [
          {
            id: edge.id,
            sources: [source],
            targets: [target],
            labels: [
              {
                id: `${edge.id}-label`,
                text: edge.transition.label,
                width: edge.labelWidth,
                height: LABEL_HEIGHT,
              },
            ],
          },
        ];
      }),
    ],
  };

  const laidOut = await elk().layout(graph);
  const laidNodes = new Map((laidOut.children ?? []).map((node) => [node.id, node]));
  const laidEdges = new Map((laidOut.edges ?? []).map((edge) => [edge.id, edge]));

  const width = Math.ceil(laidOut.width ?? 0);
  const height = Math.ceil(laidOut.height ?? 0);
  const prefix = idPrefix(doc.key);
  const markers = { normal: `${prefix}-arrow`, taken: `${prefix}-arrow-taken` };

  const current = highlight.currentState;
  const visited = new Set(highlight.visitedStates ?? []);
  if (current !== undefined) visited.add(current);
  const taken = new Set(
    (highlight.takenTransitions ?? []).map((t) => JSON.stringify([t.from, t.event, t.to])),
  );
  const initialTaken = visited.has(model.initial);

  const parts: string[] = [];
  parts.push(
    `<svg${attrs({
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-labelledby': `${prefix}-title`,
      'font-family': DIAGRAM_FONT_FAMILY,
      'data-workflow': doc.key,
    })}>`,
  );
  parts.push(`<title${attrs({ id: `${prefix}-title` })}>${escapeXml(model.title)}</title>`);
  const description = doc.description !== undefined ? pickText(doc.description, language, '') : '';
  if (description !== '') parts.push(`<desc>${escapeXml(description)}</desc>`);
  parts.push(
    `<defs>${renderMarker(markers.normal, COLORS.edge)}${renderMarker(markers.taken, COLORS.accent)}</defs>`,
  );

  parts.push('<g class="states">');
  for (const node of nodes) {
    const key = node.state.key;
    parts.push(renderNode(node, laidNodes.get(node.id), key === current, visited.has(key)));
  }
  const dot = laidNodes.get(INITIAL_NODE_ID);
  if (dot !== undefined) {
    const r = INITIAL_DOT_SIZE / 2;
    parts.push(
      `<g class="initial-marker"><circle${attrs({
        cx: (dot.x ?? 0) + r,
        cy: (dot.y ?? 0) + r,
        r,
        fill: COLORS.initialDot,
      })}/></g>`,
    );
  }
  parts.push('</g>');

  parts.push('<g class="transitions">');
  const initialEdge = laidEdges.get(INITIAL_EDGE_ID);
  if (initialEdge !== undefined) {
    parts.push(
      `<g${attrs({ class: `initial-transition${initialTaken ? ' taken' : ''}`, 'data-to': model.initial })}>` +
        `<path${attrs({
          d: pathData(initialEdge),
          fill: 'none',
          stroke: initialTaken ? COLORS.accent : COLORS.edge,
          'stroke-width': initialTaken ? STROKE_HIGHLIGHT : STROKE,
          'marker-end': `url(#${initialTaken ? markers.taken : markers.normal})`,
        })}/></g>`,
    );
  }
  const titles = new Map(model.states.map((state) => [state.key, state.title]));
  for (const edge of edges) {
    const { from, event, to } = edge.transition;
    parts.push(
      renderEdge(
        edge,
        laidEdges.get(edge.id),
        taken.has(JSON.stringify([from, event, to])),
        markers,
        titles,
      ),
    );
  }
  parts.push('</g>');
  parts.push('</svg>');
  return parts.join('');
}
