import { copyRecipients } from './copy-recipients';
import { validateDefinition } from './definition-validator';
import { reviewDefinition } from './testing/definition-fixtures';
import { CAPABILITIES, UNIT_KINDS, directoryOf, districtUnits } from './testing/org-fixtures';

const vocabulary = { unitKinds: UNIT_KINDS, capabilities: CAPABILITIES };

describe('copies (nơi nhận) of a state', () => {
  const directory = directoryOf(districtUnits());

  it('resolves selectors and the drafter’s list, each unit once, never the case’s own unit', () => {
    const doc = reviewDefinition();
    doc.states.communeReview.copies = [
      { unit: { relation: 'root', kind: 'peoples-committee' } },
      { unit: { relation: 'field', field: 'copyToUnitIds' } },
      { unit: { relation: 'field', field: 'single' } },
    ];
    const data = {
      copyToUnitIds: ['xa-a.hoi-nong-dan', 'ubnd-huyen', 'xa-a.mttq', 'no-such-unit', 7],
      single: 'xa-b.ubnd',
    };
    expect(copyRecipients(doc, 'communeReview', 'xa-a.mttq', data, directory)).toEqual([
      'ubnd-huyen',
      'xa-a.hoi-nong-dan',
      'xa-b.ubnd',
    ]);
    expect(copyRecipients(doc, 'boardReview', 'xa-a.mttq', data, directory)).toEqual([]);
  });

  it('leaves out a merged or retired unit', () => {
    const nodes = districtUnits().map((node) =>
      node.id === 'xa-a.hoi-nong-dan' ? { ...node, retired: true } : node,
    );
    const doc = reviewDefinition();
    doc.states.communeReview.copies = [{ unit: { relation: 'field', field: 'to' } }];
    expect(
      copyRecipients(
        doc,
        'communeReview',
        'xa-a.mttq',
        { to: ['xa-a.hoi-nong-dan', 'xa-a.ubnd'] },
        directoryOf(nodes),
      ),
    ).toEqual(['xa-a.ubnd']);
  });

  it('is checked by the definition validator at exact paths', () => {
    const doc = reviewDefinition();
    doc.states.communeReview.copies = [
      { unit: { relation: 'root', kind: 'peoples-committee' } },
      { unit: { relation: 'jurisdiction', kind: 'no-such-kind' } },
    ];
    (doc.states.boardReview as unknown as Record<string, unknown>).copies = [];
    (doc.states.committeeReview as unknown as Record<string, unknown>).copies = [
      { unit: { relation: 'self' }, capability: 'approver' },
    ];
    expect(validateDefinition(doc, vocabulary).map((p) => p.path)).toEqual([
      '/states/communeReview/copies/1/unit/kind',
      '/states/boardReview/copies',
      '/states/committeeReview/copies/0',
    ]);
  });
});
