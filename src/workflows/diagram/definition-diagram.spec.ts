import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { WorkflowDefinitionDocument } from '../engine/definition.types';
import {
  buildDiagramModel,
  escapeXml,
  estimateTextWidth,
  renderDefinitionDiagram,
  wrapText,
} from './definition-diagram';

// ---------------------------------------------------------------------------------------------
// A tiny DOM over fast-xml-parser's ordered output, so assertions read like queries.
// ---------------------------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text of this element and its descendants. */
  text: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toElements(nodes: unknown): { elements: XmlElement[]; text: string } {
  const elements: XmlElement[] = [];
  let text = '';
  if (!Array.isArray(nodes)) return { elements, text };
  for (const node of nodes as unknown[]) {
    if (!isRecord(node)) continue;
    const rawAttrs = node[':@'];
    const attrs: Record<string, string> = {};
    if (isRecord(rawAttrs)) {
      for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
    }
    for (const [name, value] of Object.entries(node)) {
      if (name === ':@') continue;
      if (name === '#text') {
        text += String(value);
        continue;
      }
      const inner = toElements(value);
      const element: XmlElement = { name, attrs, children: inner.elements, text: inner.text };
      elements.push(element);
      text += inner.text;
    }
  }
  return { elements, text };
}

function parseSvg(svg: string): XmlElement {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`SVG is not well-formed XML: ${JSON.stringify(valid)}`);
  const { elements } = toElements(parser.parse(svg));
  expect(elements).toHaveLength(1);
  return elements[0];
}

function all(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (element: XmlElement): void => {
    if (predicate(element)) found.push(element);
    element.children.forEach(walk);
  };
  walk(root);
  return found;
}

function one(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement {
  const found = all(root, predicate);
  expect(found).toHaveLength(1);
  return found[0];
}

const stateGroups = (root: XmlElement): XmlElement[] =>
  all(root, (e) => e.name === 'g' && e.attrs['data-state'] !== undefined);
const edgeGroups = (root: XmlElement): XmlElement[] =>
  all(root, (e) => e.name === 'g' && e.attrs['data-event'] !== undefined);
const stateGroup = (root: XmlElement, key: string): XmlElement =>
  one(root, (e) => e.name === 'g' && e.attrs['data-state'] === key);
const childrenNamed = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((child) => child.name === name);

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const rectOf = (element: XmlElement): Rect => ({
  x: Number(element.attrs.x),
  y: Number(element.attrs.y),
  width: Number(element.attrs.width),
  height: Number(element.attrs.height),
});
const outerRect = (group: XmlElement): XmlElement => childrenNamed(group, 'rect')[0];

function pathPoints(d: string): Array<{ x: number; y: number }> {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
  }));
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

function fixture(): WorkflowDefinitionDocument {
  return {
    key: 'regulation-review',
    title: { vi: 'Thẩm định quy định', en: 'Regulation review' },
    description: { vi: 'Quy trình thẩm định', en: 'Review process' },
    machine: {
      id: 'regulation-review',
      initial: 'draft',
      states: {
        draft: {
          on: {
            SUBMIT: { target: 'review' },
            SAVE: { actions: { type: 'saveDraft' } }, // internal: no edge
          },
        },
        review: {
          on: {
            APPROVE: [
              { target: 'approved', guard: { type: 'hasQuorum', params: { min: 2 } } },
              { target: 'draft', guard: 'needsRevision' },
            ],
            COMMENT: { target: 'review' }, // self-loop
            RETURN: { target: '#regulation-review.draft' },
          },
        },
        approved: { type: 'final' },
      },
    },
    states: {
      draft: { title: { vi: 'Dự thảo', en: 'Draft' }, assignment: { unit: { relation: 'self' } } },
      review: {
        title: { vi: 'Đảng ủy xã thẩm định', en: 'Commune review' },
        assignment: { unit: { relation: 'jurisdiction', kind: 'party-committee' } },
      },
      approved: { title: { vi: 'Đã phê duyệt', en: 'Approved' } },
    },
    events: {
      SUBMIT: { title: { vi: 'Trình duyệt', en: 'Submit' } },
      SAVE: { title: { vi: 'Lưu', en: 'Save' } },
      APPROVE: { title: { vi: 'Phê duyệt', en: 'Approve' } },
      COMMENT: { title: { vi: 'Góp ý', en: 'Comment' } },
      RETURN: { title: { vi: 'Trả lại', en: 'Return' } },
    },
  };
}

function chain(length: number): WorkflowDefinitionDocument {
  const keys = Array.from({ length }, (_, i) => `s${i}`);
  return {
    key: 'chain',
    title: { vi: 'Chuỗi', en: 'Chain' },
    machine: {
      id: 'chain',
      initial: 's0',
      states: Object.fromEntries(
        keys.map((key, i) => [
          key,
          i === length - 1 ? { type: 'final' as const } : { on: { NEXT: { target: keys[i + 1] } } },
        ]),
      ),
    },
    states: Object.fromEntries(keys.map((key) => [key, { title: { vi: key, en: key } }])),
    events: { NEXT: { title: { vi: 'Tiếp', en: 'Next' } } },
  };
}

const EXPECTED_EDGES = [
  { from: 'draft', event: 'SUBMIT', to: 'review', guard: undefined, label: 'Trình duyệt' },
  {
    from: 'review',
    event: 'APPROVE',
    to: 'approved',
    guard: 'hasQuorum',
    label: 'Phê duyệt [hasQuorum]',
  },
  {
    from: 'review',
    event: 'APPROVE',
    to: 'draft',
    guard: 'needsRevision',
    label: 'Phê duyệt [needsRevision]',
  },
  { from: 'review', event: 'COMMENT', to: 'review', guard: undefined, label: 'Góp ý' },
  { from: 'review', event: 'RETURN', to: 'draft', guard: undefined, label: 'Trả lại' },
];

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('renderDefinitionDiagram', () => {
  let svg: string;
  let root: XmlElement;

  beforeAll(async () => {
    svg = await renderDefinitionDiagram(fixture());
    root = parseSvg(svg);
  });

  it('produces a well-formed, accessible SVG document sized by its viewBox', () => {
    expect(root.name).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(root.attrs.role).toBe('img');
    const [minX, minY, width, height] = root.attrs.viewBox.split(' ').map(Number);
    expect([minX, minY]).toEqual([0, 0]);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(Number(root.attrs.width)).toBe(width);
    expect(Number(root.attrs.height)).toBe(height);
    expect(root.children[0].name).toBe('title');
    expect(root.children[0].text).toBe('Thẩm định quy định');
    expect(root.attrs['aria-labelledby']).toBe(root.children[0].attrs.id);
    expect(one(root, (e) => e.name === 'desc').text).toBe('Quy trình thẩm định');
    expect(root.attrs['font-family']).toContain('Noto Sans');
  });

  it('draws one node per top-level state with its title only (no raw state key)', () => {
    const groups = stateGroups(root);
    expect(groups.map((g) => g.attrs['data-state']).sort()).toEqual([
      'approved',
      'draft',
      'review',
    ]);
    const draft = stateGroup(root, 'draft');
    const texts = childrenNamed(draft, 'text');
    expect(texts.map((t) => t.text)).toEqual(['Dự thảo']);
  });

  it('draws final states with a double border and only them', () => {
    expect(childrenNamed(stateGroup(root, 'approved'), 'rect')).toHaveLength(2);
    expect(stateGroup(root, 'approved').attrs['data-final']).toBe('true');
    expect(childrenNamed(stateGroup(root, 'draft'), 'rect')).toHaveLength(1);
    expect(childrenNamed(stateGroup(root, 'review'), 'rect')).toHaveLength(1);
  });

  it('marks the initial state with a filled dot and an arrow into it', () => {
    const marker = one(root, (e) => e.attrs.class === 'initial-marker');
    const circle = childrenNamed(marker, 'circle')[0];
    expect(circle.attrs.fill).toMatch(/^#/);
    const initialEdge = one(root, (e) => e.attrs.class?.startsWith('initial-transition') ?? false);
    expect(initialEdge.attrs['data-to']).toBe('draft');
    const path = childrenNamed(initialEdge, 'path')[0];
    expect(path.attrs['marker-end']).toMatch(/^url\(#.+\)$/);
    // The arrow leaves the dot and ends on the initial state's border.
    const points = pathPoints(path.attrs.d);
    const end = points[points.length - 1];
    const draft = rectOf(outerRect(stateGroup(root, 'draft')));
    expect(end.x).toBeGreaterThanOrEqual(draft.x - 0.5);
    expect(end.x).toBeLessThanOrEqual(draft.x + draft.width + 0.5);
    expect([draft.y, draft.y + draft.height]).toContainEqual(expect.closeTo(end.y, 1));
    expect(stateGroup(root, 'draft').attrs.class).toContain('initial');
  });

  it('draws one edge per transition and guarded branch, skipping internal ones', () => {
    const edges = edgeGroups(root).map((g) => ({
      from: g.attrs['data-from'],
      event: g.attrs['data-event'],
      to: g.attrs['data-to'],
      guard: g.attrs['data-guard'],
      label: one(g, (e) => e.name === 'text').text,
    }));
    expect(edges).toEqual(EXPECTED_EDGES);
    expect(edgeGroups(root).some((g) => g.attrs['data-event'] === 'SAVE')).toBe(false);
  });

  it('routes every edge from ELK sections with an arrowhead defined in <defs>', () => {
    const markerIds = all(root, (e) => e.name === 'marker').map((m) => m.attrs.id);
    expect(markerIds.length).toBeGreaterThanOrEqual(1);
    for (const group of edgeGroups(root)) {
      const path = childrenNamed(group, 'path')[0];
      expect(path.attrs.d).toMatch(/^M/);
      expect(pathPoints(path.attrs.d).length).toBeGreaterThanOrEqual(2);
      const ref = /^url\(#(.+)\)$/.exec(path.attrs['marker-end'])?.[1];
      expect(markerIds).toContain(ref);
    }
  });

  it('draws the self-loop as a path leaving and re-entering the same node', () => {
    const loop = one(root, (e) => e.attrs['data-event'] === 'COMMENT');
    expect(loop.attrs.class).toContain('self-loop');
    const points = pathPoints(childrenNamed(loop, 'path')[0].attrs.d);
    expect(points.length).toBeGreaterThanOrEqual(3); // goes around, not a zero-length segment
    const review = rectOf(outerRect(stateGroup(root, 'review')));
    const onBorder = (p: { x: number; y: number }): boolean =>
      p.x >= review.x - 0.5 &&
      p.x <= review.x + review.width + 0.5 &&
      p.y >= review.y - 0.5 &&
      p.y <= review.y + review.height + 0.5;
    expect(onBorder(points[0])).toBe(true);
    expect(onBorder(points[points.length - 1])).toBe(true);
  });

  it('keeps nodes apart and everything inside the viewBox', () => {
    const [, , width, height] = root.attrs.viewBox.split(' ').map(Number);
    const rects = stateGroups(root).map((g) => rectOf(outerRect(g)));
    for (const [i, a] of rects.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(width);
      expect(a.y + a.height).toBeLessThanOrEqual(height);
      for (const b of rects.slice(i + 1)) {
        const overlap =
          a.x < b.x + b.width &&
          b.x < a.x + a.width &&
          a.y < b.y + b.height &&
          b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
    const labels = all(root, (e) => e.attrs.class === 'transition-label').map((g) =>
      rectOf(childrenNamed(g, 'rect')[0]),
    );
    expect(labels).toHaveLength(EXPECTED_EDGES.length);
    for (const label of labels) {
      expect(label.width).toBeGreaterThan(0);
      expect(label.x + label.width).toBeLessThanOrEqual(width);
      expect(label.y + label.height).toBeLessThanOrEqual(height);
    }
  });

  it('keeps Vietnamese diacritics intact, as characters rather than numeric entities', () => {
    for (const text of [
      'Dự thảo',
      'Đảng ủy xã thẩm định',
      'Đã phê duyệt',
      'Trình duyệt',
      'Góp ý',
    ]) {
      expect(svg).toContain(text);
    }
    // The only character reference used is &#39; (for quotes); letters are never encoded.
    expect(svg.match(/&#(?!39;)[^;]*;/g)).toBeNull();
  });

  it('uses English titles on request', async () => {
    const english = parseSvg(await renderDefinitionDiagram(fixture(), { language: 'en' }));
    expect(english.children[0].text).toBe('Regulation review');
    expect(childrenNamed(stateGroup(english, 'review'), 'text')[0].text).toBe('Commune review');
    expect(one(english, (e) => e.attrs['data-guard'] === 'hasQuorum').text).toContain(
      'Approve [hasQuorum]',
    );
  });

  it('escapes admin-supplied text so no markup gets through', async () => {
    const evil = '<script>alert("x")</script> & \'quoted\'';
    const doc = fixture();
    doc.title.vi = evil;
    doc.states.draft.title.vi = evil;
    doc.events.SUBMIT.title.vi = '<img src=x onerror="alert(1)">';
    // Keys are admin data too and end up in attributes.
    doc.machine.states['x"><script>'] = { type: 'final' };
    doc.machine.states.draft.on = {
      ...doc.machine.states.draft.on,
      BAD: { target: 'x"><script>' },
    };
    doc.states['x"><script>'] = { title: { vi: 'Khóa lạ', en: 'Odd key' } };

    const out = await renderDefinitionDiagram(doc);
    const parsed = parseSvg(out);
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img/i);
    expect(all(parsed, (e) => e.name === 'script' || e.name === 'img')).toHaveLength(0);
    expect(parsed.children[0].text).toBe(evil);
    const titleLines = childrenNamed(
      childrenNamed(stateGroup(parsed, 'draft'), 'text')[0],
      'tspan',
    );
    expect(titleLines.map((line) => line.text).join(' ')).toBe(evil);
    expect(stateGroup(parsed, 'x"><script>').attrs['data-state']).toBe('x"><script>');
    expect(one(parsed, (e) => e.attrs['data-event'] === 'BAD').attrs['data-to']).toBe(
      'x"><script>',
    );
  });

  it('drops characters XML cannot carry instead of producing a broken document', async () => {
    const doc = fixture();
    doc.states.review.title.vi = 'Bad\u0001chars\uD800 here\u000B';
    const out = await renderDefinitionDiagram(doc);
    const parsed = parseSvg(out);
    expect(childrenNamed(stateGroup(parsed, 'review'), 'text')[0].text).toBe('Badchars here');
  });

  it('highlights the current state, visited states and taken transitions', async () => {
    const out = await renderDefinitionDiagram(fixture(), {
      highlight: {
        currentState: 'review',
        visitedStates: ['draft'],
        takenTransitions: [{ from: 'draft', event: 'SUBMIT', to: 'review' }],
      },
    });
    const parsed = parseSvg(out);
    const review = stateGroup(parsed, 'review');
    const draft = stateGroup(parsed, 'draft');
    const approved = stateGroup(parsed, 'approved');
    expect(review.attrs['data-current']).toBe('true');
    expect(review.attrs.class).toContain('current');
    expect(draft.attrs['data-current']).toBeUndefined();
    expect(draft.attrs['data-visited']).toBe('true');
    expect(approved.attrs['data-visited']).toBeUndefined();

    const fill = (g: XmlElement): string => outerRect(g).attrs.fill;
    expect(fill(review)).not.toBe(fill(draft));
    expect(fill(review)).not.toBe(fill(approved));
    expect(outerRect(draft).attrs.stroke).not.toBe(outerRect(approved).attrs.stroke);
    expect(Number(outerRect(draft).attrs['stroke-width'])).toBeGreaterThan(
      Number(outerRect(approved).attrs['stroke-width']),
    );

    const submit = one(parsed, (e) => e.attrs['data-event'] === 'SUBMIT');
    const comment = one(parsed, (e) => e.attrs['data-event'] === 'COMMENT');
    expect(submit.attrs['data-taken']).toBe('true');
    expect(comment.attrs['data-taken']).toBeUndefined();
    const submitPath = childrenNamed(submit, 'path')[0];
    const commentPath = childrenNamed(comment, 'path')[0];
    expect(submitPath.attrs.stroke).not.toBe(commentPath.attrs.stroke);
    expect(Number(submitPath.attrs['stroke-width'])).toBeGreaterThan(
      Number(commentPath.attrs['stroke-width']),
    );
    expect(submitPath.attrs['marker-end']).not.toBe(commentPath.attrs['marker-end']);

    // Without highlight nothing is marked.
    expect(all(root, (e) => e.attrs['data-current'] !== undefined)).toHaveLength(0);
    expect(all(root, (e) => e.attrs['data-taken'] !== undefined)).toHaveLength(0);
  });

  it('lays out top-down by default and left-to-right on request', async () => {
    const size = (element: XmlElement): [number, number] => [
      Number(element.attrs.width),
      Number(element.attrs.height),
    ];
    const [downW, downH] = size(parseSvg(await renderDefinitionDiagram(chain(5))));
    const [rightW, rightH] = size(
      parseSvg(await renderDefinitionDiagram(chain(5), { direction: 'RIGHT' })),
    );
    expect(downH).toBeGreaterThan(downW);
    expect(rightW).toBeGreaterThan(rightH);
  });

  it('sizes nodes from their labels', async () => {
    const doc = chain(2);
    doc.states.s0.title.vi = 'Ngắn';
    doc.states.s1.title.vi = 'Một tiêu đề rất dài cho trạng thái này cần nhiều chỗ hơn';
    const parsed = parseSvg(await renderDefinitionDiagram(doc));
    const short = rectOf(outerRect(stateGroup(parsed, 's0')));
    const long = rectOf(outerRect(stateGroup(parsed, 's1')));
    expect(long.width).toBeGreaterThan(short.width);
    // Long titles wrap onto several lines instead of growing without bound.
    expect(long.height).toBeGreaterThan(short.height);
    expect(childrenNamed(childrenNamed(stateGroup(parsed, 's1'), 'text')[0], 'tspan').length).toBe(
      2,
    );
  });

  it('draws a transition to an unknown state against a dashed placeholder', async () => {
    const doc = fixture();
    doc.machine.states.draft.on = { ...doc.machine.states.draft.on, LOST: { target: 'nowhere' } };
    const parsed = parseSvg(await renderDefinitionDiagram(doc));
    const missing = stateGroup(parsed, 'nowhere');
    expect(missing.attrs['data-missing']).toBe('true');
    expect(outerRect(missing).attrs['stroke-dasharray']).toBeDefined();
    expect(one(parsed, (e) => e.attrs['data-event'] === 'LOST').attrs['data-to']).toBe('nowhere');
  });

  it('is deterministic, also when layouts run concurrently', async () => {
    await expect(renderDefinitionDiagram(fixture())).resolves.toBe(svg);
    const results = await Promise.all([
      renderDefinitionDiagram(fixture()),
      renderDefinitionDiagram(chain(4)),
      renderDefinitionDiagram(fixture()),
    ]);
    expect(results[0]).toBe(svg);
    expect(results[2]).toBe(svg);
    expect(stateGroups(parseSvg(results[1]))).toHaveLength(4);
  });
});

describe('buildDiagramModel', () => {
  it('lists states initial first and every branch as its own transition', () => {
    const model = buildDiagramModel(fixture());
    expect(model.initial).toBe('draft');
    expect(model.states.map((s) => [s.key, s.isInitial, s.isFinal])).toEqual([
      ['draft', true, false],
      ['review', false, false],
      ['approved', false, true],
    ]);
    expect(
      model.transitions.map(({ from, event, to, guard, label }) => ({
        from,
        event,
        to,
        guard,
        label,
      })),
    ).toEqual(EXPECTED_EDGES);
  });

  it('falls back to the key when a title is missing and ignores inherited keys', () => {
    const doc = fixture();
    doc.machine.states['constructor'] = { on: { toString: { target: 'draft' } } };
    const model = buildDiagramModel(doc, 'en');
    const odd = model.states.find((s) => s.key === 'constructor');
    expect(odd?.title).toBe('constructor');
    expect(model.transitions.find((t) => t.from === 'constructor')?.label).toBe('toString');
  });

  it('resolves #id targets of states that declare an id', () => {
    const doc = fixture();
    doc.machine.states.approved.id = 'done';
    doc.machine.states.draft.on = { ...doc.machine.states.draft.on, FAST: { target: '#done' } };
    const model = buildDiagramModel(doc);
    expect(model.transitions.find((t) => t.event === 'FAST')?.to).toBe('approved');
    expect(model.states.some((s) => s.isMissing)).toBe(false);
  });
});

describe('text helpers', () => {
  it('escapes the five XML specials and drops invalid characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(escapeXml('a\u0000b\u001Fc\uFFFEd\te\n')).toBe('abcd\te\n');
    expect(escapeXml('Tiếng Việt 😀')).toBe('Tiếng Việt 😀');
  });

  it('estimates widths ignoring combining marks, so composed and decomposed text agree', () => {
    const composed = 'Đảng ủy xã thẩm định';
    expect(estimateTextWidth(composed, 14)).toBeCloseTo(
      estimateTextWidth(composed.normalize('NFD'), 14),
    );
    expect(estimateTextWidth('Dự thảo', 14)).toBeCloseTo(estimateTextWidth('Du thao', 14));
    expect(estimateTextWidth('abcdef', 14)).toBeGreaterThan(estimateTextWidth('abc', 14));
    expect(estimateTextWidth('abc', 14, true)).toBeGreaterThan(estimateTextWidth('abc', 14));
    expect(estimateTextWidth('abc', 28)).toBeCloseTo(2 * estimateTextWidth('abc', 14));
  });

  it('wraps on word boundaries within the width, keeping overlong words whole', () => {
    const lines = wrapText('một hai ba bốn năm sáu bảy tám chín mười', 80, 14);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('một hai ba bốn năm sáu bảy tám chín mười');
    for (const line of lines) {
      if (line.includes(' ')) expect(estimateTextWidth(line, 14)).toBeLessThanOrEqual(80);
    }
    expect(wrapText('Supercalifragilisticexpialidocious', 40, 14)).toEqual([
      'Supercalifragilisticexpialidocious',
    ]);
    expect(wrapText('', 40, 14)).toEqual(['']);
  });
});

describe('guard wording on the diagram (issue 13: no raw codes for the official)', () => {
  const definitionsDir = join(__dirname, '..', 'definitions');
  const shipped = readdirSync(definitionsDir)
    .filter((name) => name.endsWith('.json'))
    .map(
      (name) =>
        JSON.parse(readFileSync(join(definitionsDir, name), 'utf8')) as WorkflowDefinitionDocument,
    );

  /** Every piece of text drawn: <text>, <tspan> and <title> contents. */
  function drawnTexts(root: XmlElement): string[] {
    return all(root, (e) => ['text', 'tspan', 'title'].includes(e.name))
      .map((e) => e.text.trim())
      .filter((text) => text !== '');
  }

  it.each(['vi', 'en'] as const)(
    'draws the shipped definitions in %s without guard names or state keys',
    async (language) => {
      expect(shipped.length).toBeGreaterThan(0);
      for (const doc of shipped) {
        const texts = drawnTexts(parseSvg(await renderDefinitionDiagram(doc, { language })));
        const keys = new Set(Object.keys(doc.machine.states));
        for (const text of texts) {
          expect({ definition: doc.key, text, bracket: /\[[A-Za-z]+\]/.test(text) }).toEqual({
            definition: doc.key,
            text,
            bracket: false,
          });
          for (const word of text.split(/[\s:→()«»“”,]+/u)) {
            expect({
              definition: doc.key,
              text,
              rawKey: keys.has(word) && /[A-Z]/.test(word),
            }).toEqual({
              definition: doc.key,
              text,
              rawKey: false,
            });
          }
        }
        expect(texts.some((text) => /\bboardReview\b|\bdraft\b/.test(text))).toBe(false);
      }
    },
  );

  it('words registry guards in the chosen language, a parameter naming a state by its title', () => {
    const doc = fixture();
    doc.machine.states.review.on = {
      APPROVE: [
        { target: 'approved', guard: 'atTopJurisdiction' },
        { target: 'review', guard: 'belowTopJurisdiction' },
      ],
      RETURN: [
        { target: 'draft', guard: { type: 'returnTargetIs', params: { state: 'draft' } } },
        { target: 'draft', guard: 'noApprovalsYet' },
      ],
    };
    const vi = buildDiagramModel(doc, 'vi').transitions.map((t) => t.label);
    expect(vi).toEqual([
      'Trình duyệt',
      'Phê duyệt (khi đơn vị ở cấp cao nhất)',
      'Phê duyệt (khi đơn vị chưa ở cấp cao nhất)',
      'Trả lại (khi trả về bước «Dự thảo»)',
      'Trả lại (khi chưa có ai phê duyệt)',
    ]);
    const en = buildDiagramModel(doc, 'en').transitions.map((t) => t.label);
    expect(en[3]).toBe('Return (when returned to “Draft”)');
    expect(en[4]).toBe('Return (when nobody has approved yet)');
  });
});
