import { XMLValidator } from 'fast-xml-parser';
import request, { type Response } from 'supertest';
import { type App } from 'supertest/types';
import { type WorkflowDefinitionDocument } from '../../src/workflows/engine/definition.types';

/**
 * Shared by the `definitions-*` e2e specs: an admin-authored workflow in two versions, and helpers
 * to call the API as a demo user and to read SVG answers.
 */

export const PETITION_KEY = 'voter-petition';

const text = (vi: string, en: string): { vi: string; en: string } => ({ vi, en });

/**
 * Version 1 of a small directive workflow an admin adds without code: the commune Front drafts a
 * summary of voters' petitions, the commune Party committee approves or returns it.
 */
export function petitionV1(): WorkflowDefinitionDocument {
  return {
    key: PETITION_KEY,
    title: text('Tổng hợp kiến nghị cử tri', 'Voter petition summary'),
    machine: {
      id: PETITION_KEY,
      initial: 'draft',
      states: {
        draft: {
          on: { SUBMIT: { target: 'communeReview', actions: ['mergeFormData'] } },
        },
        communeReview: {
          on: {
            APPROVE: { target: 'done' },
            RETURN: { target: 'draft' },
          },
        },
        done: { type: 'final' },
      },
    },
    states: {
      draft: {
        title: text('Dự thảo', 'Draft'),
        assignment: { unit: { relation: 'self' }, capability: 'drafter' },
        deadline: { days: 7 },
      },
      communeReview: {
        title: text('Đảng ủy xã xem xét', 'Commune committee review'),
        assignment: {
          unit: { relation: 'jurisdiction', kind: 'party-committee' },
          capability: 'approver',
        },
        deadline: { days: 5 },
      },
      done: { title: text('Hoàn thành', 'Done') },
    },
    events: {
      SUBMIT: {
        title: text('Gửi xem xét', 'Submit'),
        form: {
          type: 'object',
          additionalProperties: false,
          required: ['summary'],
          properties: { summary: { type: 'string', title: 'Nội dung tổng hợp', minLength: 5 } },
        },
      },
      APPROVE: { title: text('Phê duyệt', 'Approve') },
      RETURN: { title: text('Trả lại', 'Return'), commentRequired: true },
    },
  };
}

/**
 * Version 2: the commune step is now a check, the Dân vận Board has the final say, and the Board
 * may ask a department for an opinion (there is none in a commune: unassignable there).
 */
export function petitionV2(): WorkflowDefinitionDocument {
  const v1 = petitionV1();
  return {
    ...v1,
    title: text('Tổng hợp kiến nghị cử tri (sửa đổi)', 'Voter petition summary (revised)'),
    machine: {
      id: PETITION_KEY,
      initial: 'draft',
      states: {
        draft: {
          on: { SUBMIT: { target: 'communeCheck', actions: ['mergeFormData'] } },
        },
        communeCheck: {
          on: { APPROVE: { target: 'boardReview' }, RETURN: { target: 'draft' } },
        },
        boardReview: {
          on: {
            APPROVE: { target: 'done' },
            RETURN: { target: 'draft' },
            CONSULT: { target: 'departmentOpinion' },
          },
        },
        departmentOpinion: { on: { REPLY: { target: 'boardReview' } } },
        done: { type: 'final' },
      },
    },
    states: {
      draft: v1.states.draft,
      communeCheck: { ...v1.states.communeReview, title: text('Đảng ủy xã kiểm tra', 'Check') },
      boardReview: {
        title: text('Ban Dân vận xem xét', 'Board review'),
        assignment: {
          unit: { relation: 'nearest', kind: 'mass-mobilization-board' },
          capability: 'approver',
        },
      },
      departmentOpinion: {
        title: text('Phòng chuyên môn cho ý kiến', 'Department opinion'),
        assignment: { unit: { relation: 'jurisdiction', kind: 'department' } },
      },
      done: v1.states.done,
    },
    events: {
      ...v1.events,
      CONSULT: { title: text('Xin ý kiến', 'Consult') },
      REPLY: { title: text('Trả lời', 'Reply') },
    },
  };
}

export const PETITION_SUMMARY = { summary: 'Cử tri kiến nghị sửa chữa cầu Kênh Xáng.' };

/** Signs in through the test app and calls the API as that user. */
export interface Caller {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
}

export function callerFor(http: App, token: string | null): Caller {
  const auth = (req: request.Test): request.Test =>
    token === null ? req : req.set('Authorization', `Bearer ${token}`);
  return {
    get: (path) => auth(request(http).get(path)),
    post: (path, body = {}) => auth(request(http).post(path)).send(body),
  };
}

/** Buffers an SVG answer as text (supertest leaves `image/*` bodies unparsed). */
export function asText(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => done(null, body));
  });
}

/** The SVG of a diagram response, checked to be a well-formed XML document. */
export function wellFormedSvg(res: Response): string {
  expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  const svg = res.body as string;
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg.startsWith('<svg')).toBe(true);
  return svg;
}

/** The attributes of the diagram's node for `state` (its `<g data-state=...>` element). */
export function stateNode(svg: string, state: string): string {
  const match = new RegExp(`<g[^>]*data-state="${state}"[^>]*>`).exec(svg);
  if (!match) throw new Error(`No node for state ${state}`);
  return match[0];
}

/** The attributes of the diagram's edges for `event` from `from` to `to`. */
export function edge(svg: string, from: string, event: string, to: string): string {
  const match = new RegExp(
    `<g[^>]*data-event="${event}"[^>]*data-from="${from}"[^>]*data-to="${to}"[^>]*>`,
  ).exec(svg);
  if (!match) throw new Error(`No edge ${from} -${event}-> ${to}`);
  return match[0];
}
