import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError } from '../../common/errors/domain-error';
import { localDate } from '../../common/time/local-time';
import { AppConfigService } from '../../config/app-config.service';
import { jurisdictionOf, resolveAssignedUnit } from '../../workflows/engine/assignment-resolver';
import {
  type DocumentSpec,
  type WorkflowDefinitionDocument,
} from '../../workflows/engine/definition.types';
import { type OrgDirectory, type OrgUnitNode } from '../../workflows/engine/org-directory';
import { DefinitionsService } from '../definitions/definitions.service';
import { InstancesService } from '../instances/instances.service';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import { type BodyLine, documentBody } from './document-body';
import { DocumentsRepository } from './documents.repository';
import { type CoSigner, type PromulgatedDocument } from './promulgated-document';
import { type JsonSchema } from '../../common/json/json.types';

export interface DocumentLayout {
  document: PromulgatedDocument;
  summary: string;
  body: BodyLine[];
}

/** The symbol's issuer part by the issuing committee's level: Tỉnh ủy, Huyện ủy, Đảng ủy. */
const ISSUER_SYMBOLS: Readonly<Record<string, string>> = {
  province: 'TU',
  district: 'HU',
  commune: 'ĐU',
};
const PARTY_COMMITTEE_KIND = 'party-committee';
const PLACE_PREFIX = /^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)\s+/u;

/**
 * Document identity and output: promulgation takes the next number of the issuing body's
 * register for the type and year, in the promulgating transaction; the `.docx` is rendered on
 * request from what was recorded then and the instance's form data.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly instances: InstancesService,
    private readonly definitions: DefinitionsService,
    private readonly config: AppConfigService,
    private readonly repository: DocumentsRepository,
  ) {}

  /**
   * Numbers and records the document of an instance entering its promulgating state, in the
   * caller's transaction (which holds the instance's row lock). Every refusal is raised before the
   * first write, so a refused promulgation leaves the register as it was; the register's row lock
   * queues racing promulgations and a rollback gives the number back: no gaps, no reuse.
   */
  async promulgate(
    manager: EntityManager,
    instance: WorkflowInstance,
    spec: DocumentSpec,
    actor: { id: string; fullName: string },
    directory: OrgDirectory,
    at: Date,
  ): Promise<PromulgatedDocument> {
    if (spec.requireSignedScan) {
      if (!(await this.repository.hasAttachment(manager, instance.id))) {
        throw new DomainError(
          'validation-failed',
          'Ký ban hành cần đính kèm bản scan văn bản đã ký (a signed scan must be attached first)',
          [{ path: '/attachments', message: 'Chưa có bản scan có chữ ký' }],
        );
      }
    }
    const signingUnitId = resolveAssignedUnit(
      spec.issuer,
      instance.orgUnitId,
      instance.data,
      directory,
    );
    const signingUnit = signingUnitId ? directory.unit(signingUnitId) : undefined;
    if (!signingUnit) {
      throw new DomainError('unassignable', 'No unit in the organisation issues this document', [
        { path: '/document/issuer', message: 'No matching unit' },
      ]);
    }
    const issuingBody = partyCommitteeOf(signingUnit, directory);
    const jurisdiction = jurisdictionOf(issuingBody.id, directory);
    const above =
      jurisdiction?.parentId !== null && jurisdiction?.parentId !== undefined
        ? jurisdictionOf(jurisdiction.parentId, directory)
        : null;
    const names = await this.repository.unitNames(manager, [
      instance.orgUnitId,
      issuingBody.id,
      ...(jurisdiction ? [jurisdiction.id] : []),
      ...(above ? [above.id] : []),
    ]);
    const signer = await this.repository.userFullName(manager, actor.id);
    const issuedAt = localDate(at, this.config.get('TIMEZONE'));
    const year = Number(issuedAt.slice(0, 4));

    const { registerId, number } = await this.repository.takeNextNumber(manager, {
      issuingUnitId: issuingBody.id,
      documentType: spec.type,
      year,
    });
    const symbol = `${String(number).padStart(2, '0')}-${spec.type}/${
      (jurisdiction && ISSUER_SYMBOLS[jurisdiction.kind]) ?? ISSUER_SYMBOLS.commune
    }`;
    await this.repository.addEntry(manager, {
      registerId,
      number,
      instanceId: instance.id,
      symbol,
      issuedAt,
    });
    const place = (jurisdiction ? names.get(jurisdiction.id) : undefined) ?? '';
    const coSigners = await this.coSignersOf(manager, instance.id, spec);
    return {
      number,
      symbol,
      issuedAt,
      signer: signer ?? actor.fullName,
      signerTitle: spec.signature.title,
      onBehalfOf: spec.signature.onBehalfOf,
      recipients: [names.get(instance.orgUnitId) ?? '', ...(spec.recipients ?? [])].filter(Boolean),
      type: spec.type,
      typeName: spec.typeName.vi,
      issuingBody: { id: issuingBody.id, name: names.get(issuingBody.id) ?? '' },
      superiorBody: above ? `Đảng bộ ${lowerFirst(names.get(above.id) ?? '')}` : null,
      place: place.replace(PLACE_PREFIX, ''),
      ...(coSigners.length > 0 ? { coSigners } : {}),
    };
  }

  /** The partners who signed in their steps (cùng ký ban hành), in the definition's order. */
  private async coSignersOf(
    manager: EntityManager,
    instanceId: string,
    spec: DocumentSpec,
  ): Promise<CoSigner[]> {
    const signers: CoSigner[] = [];
    for (const entry of spec.coSigners ?? []) {
      const actor = await this.repository.lastActorLeaving(manager, instanceId, entry.state);
      if (!actor) continue;
      const title = entry.titleField ? actor.data?.[entry.titleField] : undefined;
      signers.push({
        onBehalfOf: entry.onBehalfOf,
        title: typeof title === 'string' ? title : '',
        signer: actor.fullName,
        unitName: actor.unitName,
      });
    }
    return signers;
  }

  /**
   * What the document shows: its recorded identity, the summary (the instance's title) and the
   * body from the form data. The `.docx` and the web app's print view both lay this out.
   */
  async layout(user: AuthenticatedUser, instanceId: string): Promise<DocumentLayout> {
    const instance = await this.instances.findReadable(user, instanceId);
    if (!instance.document) {
      throw new DomainError('not-found', `Instance ${instanceId} has no promulgated document`);
    }
    const { document: definition } = await this.definitions.runnable(instance.definitionId);
    return {
      document: instance.document,
      summary: instance.title,
      body: documentBody(instance.data, formProperties(definition)),
    };
  }

  /** The promulgated instance as a `.docx` in the Party format; 404 before promulgation. */
  async docx(
    user: AuthenticatedUser,
    instanceId: string,
  ): Promise<{ fileName: string; content: Buffer }> {
    const { document, summary, body } = await this.layout(user, instanceId);
    // Loaded at the first download: the workers register this service but never render a file.
    const { partyDocumentDocx } = await import('./party-document-docx');
    return {
      fileName: `${document.typeName} ${document.symbol}.docx`.replace(/\//g, '-'),
      content: await partyDocumentDocx(document, summary, body),
    };
  }
}

/** The signing unit's Party committee: itself, or the nearest ancestor of that kind. */
function partyCommitteeOf(unit: OrgUnitNode, directory: OrgDirectory): OrgUnitNode {
  for (
    let current: OrgUnitNode | undefined = unit;
    current;
    current = current.parentId ? directory.unit(current.parentId) : undefined
  ) {
    if (current.kind === PARTY_COMMITTEE_KIND) return current;
  }
  return unit;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/** Every titled field of the definition's forms, the drafter's (SUBMIT) first. */
function formProperties(definition: WorkflowDefinitionDocument): Record<string, JsonSchema> {
  const forms = Object.entries(definition.events)
    .sort(([a], [b]) => Number(b === 'SUBMIT') - Number(a === 'SUBMIT'))
    .flatMap(([, event]) => (event.form ? [event.form] : []));
  const properties: Record<string, JsonSchema> = {};
  for (const form of forms) {
    const own = (form.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, schema] of Object.entries(own)) properties[key] ??= schema;
  }
  return properties;
}
