import { MachineFactory } from './machine-factory';
import { reviewDefinition } from './testing/definition-fixtures';
import { startWorkflow } from './workflow-engine';

const origin = { orgUnitId: 'u', jurisdictionKind: 'commune', atTopJurisdiction: false };

describe('MachineFactory', () => {
  it('builds a working machine for a definition', () => {
    const machine = new MachineFactory().machineFor('regulation-review@1', reviewDefinition());
    expect(startWorkflow(machine, origin, {}).state).toBe('draft');
  });

  it('builds a published version once', () => {
    const factory = new MachineFactory();
    const first = factory.machineFor('regulation-review@1', reviewDefinition());
    expect(factory.machineFor('regulation-review@1', reviewDefinition())).toBe(first);
    expect(factory.machineFor('regulation-review@2', reviewDefinition())).not.toBe(first);
    expect(factory.size).toBe(2);
  });

  it('evicts the least recently used version beyond its capacity', () => {
    const factory = new MachineFactory(2);
    const v1 = factory.machineFor('k@1', reviewDefinition());
    factory.machineFor('k@2', reviewDefinition());
    factory.machineFor('k@1', reviewDefinition());
    factory.machineFor('k@3', reviewDefinition());
    expect(factory.size).toBe(2);
    expect(factory.machineFor('k@1', reviewDefinition())).toBe(v1);
  });

  it('does not cache drafts built directly', () => {
    const factory = new MachineFactory();
    factory.build(reviewDefinition());
    expect(factory.size).toBe(0);
  });

  it('rejects a capacity below one', () => {
    expect(() => new MachineFactory(0)).toThrow(RangeError);
  });
});
