import { type ActorFacts } from '../../workflows/engine/command-planner';

/**
 * One of the identities a user works under right now: their own, or a delegator's. A task waits
 * for an identity when it is assigned to the identity's unit and the identity has the capability.
 */
export interface ActingIdentity {
  userId: string;
  username: string;
  fullName: string;
  orgUnitId: string;
  capabilities: readonly string[];
  /** True for a delegator's identity held by delegation. */
  delegated: boolean;
}

export function waitsFor(
  task: { assigneeUnitId: string; capability: string | null },
  identity: ActingIdentity,
): boolean {
  return (
    task.assigneeUnitId === identity.orgUnitId &&
    (task.capability === null || identity.capabilities.includes(task.capability))
  );
}

/** The engine's view of the actor: their own unit and capabilities, and the delegations in force. */
export function actorFactsOf(identities: readonly ActingIdentity[]): ActorFacts {
  const [self, ...delegators] = identities;
  return {
    id: self.userId,
    orgUnitId: self.orgUnitId,
    capabilities: self.capabilities,
    delegations: delegators.map((d) => ({
      id: d.userId,
      orgUnitId: d.orgUnitId,
      capabilities: d.capabilities,
    })),
  };
}
