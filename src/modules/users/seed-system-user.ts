import { type EntityManager } from 'typeorm';
import { UsersRepository } from './users.repository';

/**
 * Upserts the system account in `unitId` (the Dân vận Board it opens periodic reports for) and
 * returns its id. Kept as a function for the setup CLI, which runs without the Nest container.
 */
export function seedSystemUser(manager: EntityManager, unitId: string): Promise<string> {
  return new UsersRepository().upsertSystemUser(manager, unitId);
}
