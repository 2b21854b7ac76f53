import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  TIMESTAMP_PATTERN,
  UUID_PATTERN,
} from '../../common/pagination/keyset-cursor';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/page-query.dto';
import { AppConfigService } from '../../config/app-config.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../attachments/attachment-kinds';
import { sniffAttachmentKind } from '../attachments/content-sniffer';
import { contentDisposition, extensionFits, safeFileName } from '../attachments/file-names';
import { receiveFile } from '../attachments/multipart-upload';
import { AttachmentStorages } from '../attachments/storage/attachment-storages';
import { DirectivesRepository } from '../directives/directives.repository';
import { InstancesRepository } from '../instances/instances.repository';
import { InstancesService } from '../instances/instances.service';
import { isWithinUnit, subtreeOf } from '../org-units/org-tree';
import { OrgUnitsService } from '../org-units/org-units.service';
import {
  type CreateMeetingDto,
  type MeetingDto,
  type MeetingMinutesDto,
  type MeetingPageDto,
  type MeetingsQueryDto,
} from './dto/meeting.dto';
import { MEETING_RECORDED_EVENT, MINUTES_ADDED_EVENT } from './meeting-event-types';
import { type Meeting, type MeetingMinutes, MeetingsRepository } from './meetings.repository';

export const MINUTES_FIELD = 'file';

/** Minutes come as a document (PDF, DOCX) or a scan of the signed paper (PNG, JPEG). */
const MINUTES_KINDS: readonly AttachmentKind[] = ['pdf', 'docx', 'png', 'jpeg'];

const EXCHANGE_KEY = 'information-exchange';
const MEETINGS_SINCE_YEAR = 1945;
const MEETINGS_UNTIL_YEAR = 2100;
const CURSOR_SHAPE = [TIMESTAMP_PATTERN, UUID_PATTERN];

/**
 * Joint meetings (giao ban) of point 2: who met, when, on which directive point or exchange, what
 * they concluded, and the minutes as files. A meeting is seen by the units that organised or
 * attended it and by the units above them (auditors and admins see all); the organiser and the
 * participants add minutes. Each record made (the meeting, each file of minutes with its SHA-256)
 * is an append-only meeting event that the transparency log takes in, so no one rewrites it
 * unnoticed; minutes live in the attachment store, content-addressed like attachments.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MeetingsRepository,
    private readonly directives: DirectivesRepository,
    private readonly instances: InstancesService,
    private readonly instanceRows: InstancesRepository,
    private readonly orgUnits: OrgUnitsService,
    private readonly storages: AttachmentStorages,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateMeetingDto): Promise<MeetingDto> {
    if (!user.roles.includes('official')) {
      throw new ForbiddenError('Officials record meetings; auditors and admins read them');
    }
    const heldAt = new Date(dto.heldAt);
    // A calendar date PostgreSQL cannot hold (year 0) or no one met on is refused, not stored.
    const year = heldAt.getUTCFullYear();
    if (year < MEETINGS_SINCE_YEAR || year > MEETINGS_UNTIL_YEAR) {
      throw invalid('/heldAt', `Between ${MEETINGS_SINCE_YEAR} and ${MEETINGS_UNTIL_YEAR}`);
    }
    const directory = await this.orgUnits.directory();
    dto.participantOrgUnitIds.forEach((unitId, index) => {
      const unit = directory.unit(unitId);
      const problem = !unit
        ? 'Không có đơn vị này / No such unit'
        : unit.retired
          ? 'Đơn vị đã sáp nhập hoặc giải thể / The unit was merged or retired'
          : null;
      if (problem) throw invalid(`/participantOrgUnitIds/${index}`, problem);
    });
    await this.checkDirectivePoint(dto.directiveId ?? null, dto.point ?? null);
    if (dto.exchangeId !== undefined) await this.checkExchange(user, dto.exchangeId);

    const at = this.clock.now();
    const id = await this.dataSource.transaction(async (manager) => {
      const meetingId = await this.repository.insert(manager, {
        title: dto.title,
        heldAt,
        location: dto.location ?? null,
        directiveId: dto.directiveId ?? null,
        point: dto.point ?? null,
        exchangeId: dto.exchangeId ?? null,
        conclusions: dto.conclusions ?? null,
        organiserUnitId: user.orgUnitId,
        participantUnitIds: dto.participantOrgUnitIds,
        createdBy: user.id,
        createdAt: at,
      });
      await this.repository.appendEvent(manager, {
        meetingId,
        type: MEETING_RECORDED_EVENT,
        actor: user,
        data: {
          title: dto.title,
          heldAt: heldAt.toISOString(),
          location: dto.location ?? null,
          directiveId: dto.directiveId ?? null,
          point: dto.point ?? null,
          exchangeId: dto.exchangeId ?? null,
          organiserUnitId: user.orgUnitId,
          participantOrgUnitIds: dto.participantOrgUnitIds,
          conclusions: dto.conclusions ?? null,
        },
        at,
      });
      return meetingId;
    });
    return this.read(user, id);
  }

  async list(user: AuthenticatedUser, query: MeetingsQueryDto): Promise<MeetingPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    let after: { at: string; id: string } | null = null;
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, CURSOR_SHAPE);
      after = { at, id };
    }
    const units = seesAll(user)
      ? null
      : subtreeOf(user.orgUnitId, await this.orgUnits.directory()).map((unit) => unit.id);
    const manager = this.dataSource.manager;
    const rows = await this.repository.list(manager, units, after, limit + 1);
    const page = rows.slice(0, limit);
    const minutes = await this.repository.minutesOf(
      manager,
      page.map((meeting) => meeting.id),
    );
    const last = page.at(-1);
    return {
      items: page.map((meeting) => toDto(meeting, minutes)),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.sortKey, last.id]) : null,
    };
  }

  async read(user: AuthenticatedUser, id: string): Promise<MeetingDto> {
    const meeting = await this.findVisible(user, id);
    return toDto(meeting, await this.repository.minutesOf(this.dataSource.manager, [id]));
  }

  /**
   * Streams one file of minutes into the attachment store (through the same size limit, hash
   * and content check as attachments) and records it with a MINUTES_ADDED event carrying its
   * SHA-256, in one transaction.
   */
  async addMinutes(
    user: AuthenticatedUser,
    meetingId: string,
    request: IncomingMessage,
  ): Promise<MeetingMinutesDto> {
    // Refuse before reading a byte of the body.
    const meeting = await this.findVisible(user, meetingId);
    const own = [meeting.organiser, ...meeting.participants].some((u) => u.id === user.orgUnitId);
    if (!user.roles.includes('official') || !own) {
      throw new ForbiddenError('The organiser and the participants add minutes');
    }
    const storage = this.storages.current();
    const file = await receiveFile(request, {
      field: MINUTES_FIELD,
      maxBytes: this.config.get('ATTACHMENT_MAX_BYTES'),
      createWriter: () => storage.createWriter(),
    });
    const id = randomUUID();
    let stored = false;
    const key = storage.keyFor(file.sha256);
    try {
      const fileName = safeFileName(file.fileName);
      const kind = await sniffAttachmentKind(file.content);
      if (!kind || !MINUTES_KINDS.includes(kind)) {
        throw new DomainError(
          'unsupported-media-type',
          'Biên bản nhận PDF, DOCX hoặc bản chụp PNG, JPEG / Minutes are PDF, DOCX or a PNG or JPEG scan (judged by their content)',
          [{ path: '/file', message: 'Unsupported file content' }],
        );
      }
      const { contentType, extensions } = ATTACHMENT_KINDS[kind];
      if (!extensionFits(fileName, extensions)) {
        throw new DomainError(
          'unsupported-media-type',
          `The content is ${kind.toUpperCase()}, which the name “${fileName}” does not say`,
          [{ path: '/file', message: `Expected ${extensions.join(' or ')}` }],
        );
      }
      // A meeting is never changed or removed once recorded (the table is append-only), so the
      // minutes need no lock on it: each file is its own row and event.
      await this.dataSource.transaction(async (manager) => {
        const at = this.clock.now();
        await this.repository.insertMinutes(manager, {
          id,
          meetingId,
          fileName,
          contentType,
          size: file.size,
          sha256: file.sha256,
          storage: storage.kind,
          storageKey: key,
          uploadedBy: user.id,
          uploadedAt: at,
        });
        stored = await storage.persist(manager, key, file.content);
        await this.repository.appendEvent(manager, {
          meetingId,
          type: MINUTES_ADDED_EVENT,
          actor: user,
          data: {
            attachmentId: id,
            fileName,
            contentType,
            size: file.size,
            sha256: file.sha256,
          },
          at,
        });
      });
    } catch (error) {
      if (stored) await storage.forget(key);
      throw error;
    } finally {
      await file.content.discard();
    }
    const minutes = await this.repository.findMinutes(this.dataSource.manager, meetingId, id);
    if (!minutes) throw new NotFoundError('Minutes', id);
    return toMinutesDto(minutes);
  }

  /** The file, for those who see the meeting, once its bytes still have the recorded SHA-256. */
  async downloadMinutes(
    user: AuthenticatedUser,
    meetingId: string,
    minutesId: string,
  ): Promise<StreamableFile> {
    await this.findVisible(user, meetingId);
    const manager = this.dataSource.manager;
    const minutes = await this.repository.findMinutes(manager, meetingId, minutesId);
    if (!minutes) throw new NotFoundError('Minutes', minutesId);
    const actual = await this.storages.sha256(minutes.storage, manager, minutes.storageKey);
    if (actual === null) throw new NotFoundError('Minutes content', minutesId);
    if (actual !== minutes.sha256) {
      throw new DomainError(
        'integrity-violation',
        `The stored content of minutes ${minutesId} no longer has its recorded SHA-256; it is not served`,
        [{ path: '/sha256', message: `Recorded ${minutes.sha256}, found ${actual}` }],
      );
    }
    const stream = await this.storages.of(minutes.storage).open(manager, minutes.storageKey);
    if (!stream) throw new NotFoundError('Minutes content', minutesId);
    return new StreamableFile(stream, {
      type: minutes.contentType,
      length: minutes.size,
      disposition: contentDisposition(minutes.fileName),
    });
  }

  /** The meeting, if the caller sees it: 404 when there is none, 403 when it is another's. */
  private async findVisible(user: AuthenticatedUser, id: string): Promise<Meeting> {
    const meeting = await this.repository.find(this.dataSource.manager, id);
    if (!meeting) throw new NotFoundError('Meeting', id);
    if (seesAll(user)) return meeting;
    const directory = await this.orgUnits.directory();
    const visible = [meeting.organiser, ...meeting.participants].some((unit) =>
      isWithinUnit(unit.id, user.orgUnitId, directory),
    );
    if (!visible) throw new ForbiddenError('This meeting is of units you cannot read');
    return meeting;
  }

  private async checkDirectivePoint(directiveId: string | null, point: number | null) {
    if (point !== null && directiveId === null) {
      throw invalid('/point', 'A point needs the directive it belongs to (directiveId)');
    }
    if (directiveId === null) return;
    const directive = await this.directives.find(this.dataSource.manager, directiveId);
    if (!directive) throw invalid('/directiveId', `No directive ${directiveId}`);
    if (point !== null && !directive.points.some((p) => p.no === point)) {
      throw invalid('/point', `Directive ${directive.symbol} has no point ${point}`);
    }
  }

  /** The exchange must be a two-way exchange case the caller may read. */
  private async checkExchange(user: AuthenticatedUser, exchangeId: string): Promise<void> {
    const manager = this.dataSource.manager;
    const instance = await this.instanceRows.findById(manager, exchangeId);
    if (!instance || instance.definitionKey !== EXCHANGE_KEY) {
      throw invalid('/exchangeId', 'Not a two-way exchange (information-exchange) case');
    }
    if (!(await this.instances.mayRead(user, instance, manager))) {
      throw new ForbiddenError('The exchange belongs to a unit you cannot read');
    }
  }
}

function seesAll(user: AuthenticatedUser): boolean {
  return user.roles.includes('auditor') || user.roles.includes('admin');
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('validation-failed', message, [{ path, message }]);
}

function toDto(meeting: Meeting, minutes: readonly MeetingMinutes[]): MeetingDto {
  return {
    id: meeting.id,
    title: meeting.title,
    heldAt: meeting.heldAt,
    location: meeting.location,
    directiveId: meeting.directiveId,
    directiveSymbol: meeting.directiveSymbol,
    point: meeting.point,
    exchangeId: meeting.exchangeId,
    conclusions: meeting.conclusions,
    organiser: meeting.organiser,
    participants: meeting.participants,
    createdBy: meeting.createdBy,
    createdAt: meeting.createdAt,
    minutes: minutes.filter((m) => m.meetingId === meeting.id).map(toMinutesDto),
  };
}

function toMinutesDto(minutes: MeetingMinutes): MeetingMinutesDto {
  return {
    id: minutes.id,
    fileName: minutes.fileName,
    contentType: minutes.contentType,
    size: minutes.size,
    sha256: minutes.sha256,
    uploadedBy: minutes.uploadedBy,
    uploadedAt: minutes.uploadedAt,
  };
}
