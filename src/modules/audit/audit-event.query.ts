import { timeCursorSql } from '../../common/pagination/keyset-cursor';
import { opinionOf } from '../../forms/opinion-fields';
import { type AuditEventDto } from './dto/audit-event.dto';
import { type JsonObject, type JsonSchema } from '../../common/json/json.types';

/** A history event with what an auditor needs around it: instance, unit and actor names. */
export interface AuditEventRow {
  id: string;
  instance_id: string;
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_username: string;
  actor_full_name: string | null;
  actor_org_unit_id: string;
  actor_org_unit_name: string | null;
  on_behalf_of_id: string | null;
  data: JsonObject | null;
  comment: string | null;
  at: Date;
  at_key: string;
  prev_hash: string;
  hash: string;
  title: string;
  definition_id: string;
  definition_key: string;
  definition_version: number;
  org_unit_id: string;
  org_unit_slug: string;
  org_unit_name: string;
}

/** Add `WHERE`, `ORDER BY` and `LIMIT`; `h` is the event, `i` its instance. */
export const AUDIT_EVENT_SELECT = `
  SELECT h.id, h.instance_id, h.seq, h.type, h.from_state, h.to_state, h.actor_id, h.actor_username,
         u.full_name AS actor_full_name, h.actor_org_unit_id, au.name AS actor_org_unit_name,
         h.on_behalf_of_id, h.data, h.comment, h.at, ${timeCursorSql('h.at')} AS at_key,
         h.prev_hash, h.hash, i.title, i.definition_id, i.definition_key, i.definition_version, i.org_unit_id,
         ou.slug AS org_unit_slug, ou.name AS org_unit_name
    FROM history_events h
    JOIN workflow_instances i ON i.id = h.instance_id
    JOIN org_units ou ON ou.id = i.org_unit_id
    LEFT JOIN users u ON u.id = h.actor_id
    LEFT JOIN org_units au ON au.id = h.actor_org_unit_id`;

/** `form` is the event's form in the instance's definition: it names the opinion fields. */
export function toAuditEventDto(row: AuditEventRow, form: JsonSchema | undefined): AuditEventDto {
  return {
    id: row.id,
    instanceId: row.instance_id,
    seq: row.seq,
    type: row.type,
    fromState: row.from_state,
    toState: row.to_state,
    actor: {
      id: row.actor_id,
      username: row.actor_username,
      fullName: row.actor_full_name,
      orgUnitId: row.actor_org_unit_id,
      orgUnitName: row.actor_org_unit_name,
    },
    onBehalfOfId: row.on_behalf_of_id,
    data: row.data,
    comment: row.comment,
    opinion: opinionOf(form, row.data, row.comment),
    at: row.at,
    prevHash: row.prev_hash,
    hash: row.hash,
    instance: {
      id: row.instance_id,
      title: row.title,
      definitionKey: row.definition_key,
      definitionVersion: row.definition_version,
      orgUnitId: row.org_unit_id,
      orgUnitSlug: row.org_unit_slug,
      orgUnitName: row.org_unit_name,
    },
  };
}
