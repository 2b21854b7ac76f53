import { opinionOf } from '../../forms/opinion-fields';
import { type AuditEventDto } from './dto/audit-event.dto';
import { type JsonSchema } from '../../common/json/json.types';
import { type AuditEventRecord } from './audit.repository';

/** `form` is the event's form in the instance's definition: it names the opinion fields. */
export function toAuditEventDto(record: AuditEventRecord, form: JsonSchema | undefined): AuditEventDto {
  const { event } = record;
  return { ...event, opinion: opinionOf(form, event.data, event.comment) };
}
