import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { FreeFormObject } from '../../../common/validation/free-form';
import { IsOptional } from '../../../common/validation/optional';
import { ReturnedNoticeDto } from '../../history/dto/returned-notice.dto';

export class CreateInstanceDto {
  @ApiProperty({ example: 'regulation-review' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/)
  @MaxLength(100)
  definitionKey!: string;

  @ApiProperty({ format: 'uuid', description: 'The unit the task belongs to (the drafter’s unit)' })
  @IsUUID()
  orgUnitId!: string;

  @ApiProperty({ example: 'Rà soát quy chế phối hợp năm 2026 — xã An Bình' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ description: 'Initial draft form data' })
  @IsOptional()
  @IsObject()
  @FreeFormObject()
  data?: Record<string, unknown>;
}

export class AvailableActionDto {
  @ApiProperty({ example: 'APPROVE' }) type!: string;
  @ApiProperty({ example: 'Phê duyệt' }) title!: string;
  @ApiProperty({ example: 'Approve' }) titleEn!: string;
  @ApiProperty() commentRequired!: boolean;
  @ApiPropertyOptional({ description: 'JSON Schema the command data must satisfy' })
  formSchema?: object;
}

export class CoSignerDto {
  @ApiProperty({ example: 'T/M ỦY BAN NHÂN DÂN' }) onBehalfOf!: string;
  @ApiProperty({ example: 'Chủ tịch Ủy ban nhân dân xã An Bình' }) title!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) signer!: string;
  @ApiProperty({ example: 'Ủy ban nhân dân xã An Bình' }) unitName!: string;
}

export class PromulgatedDocumentDto {
  @ApiProperty({ example: 3, description: 'Consecutive per issuing body, type and year' })
  number!: number;
  @ApiProperty({ example: '03-QC/HU' }) symbol!: string;
  @ApiProperty({ example: '2026-07-15', description: 'Issuing date (Vietnam time)' })
  issuedAt!: string;
  @ApiProperty({ example: 'Trần Thị Bích' }) signer!: string;
  @ApiProperty({ example: 'PHÓ BÍ THƯ' }) signerTitle!: string;
  @ApiProperty({ example: 'T/M BAN THƯỜNG VỤ' }) onBehalfOf!: string;
  @ApiProperty({ type: [String], description: 'Nơi nhận' }) recipients!: string[];
  @ApiProperty({ example: 'QC' }) type!: string;
  @ApiProperty({ example: 'QUY CHẾ' }) typeName!: string;
  @ApiProperty() issuingBody!: { id: string; name: string };
  @ApiProperty({ nullable: true, type: String }) superiorBody!: string | null;
  @ApiProperty({ example: 'Châu Thành' }) place!: string;
  @ApiPropertyOptional({
    type: [CoSignerDto],
    description: 'Partners who signed beside the issuer (cùng ký ban hành), for a joint document',
  })
  coSigners?: CoSignerDto[];
}

export class InstanceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty() definitionVersion!: number;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'xstate state value' }) state!: string;
  @ApiProperty() stateTitle!: string;
  @ApiProperty({ enum: ['active', 'completed', 'cancelled'] }) status!: string;
  @ApiProperty({ description: 'Increases by one with every applied transition' }) version!: number;
  @ApiProperty() data!: object;
  @ApiPropertyOptional({
    type: PromulgatedDocumentDto,
    description: 'Present once promulgated: the number in its register, date, signer, recipients',
  })
  document?: PromulgatedDocumentDto;
  @ApiProperty({ type: [AvailableActionDto] }) availableActions!: AvailableActionDto[];
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiPropertyOptional({
    type: ReturnedNoticeDto,
    nullable: true,
    description: 'On GET: set when a return put the case in its current step (who, when, why)',
  })
  returned?: ReturnedNoticeDto | null;
}

export class HistoryActorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) fullName!: string;
  @ApiProperty({ format: 'uuid', description: 'The unit the actor acted in' }) orgUnitId!: string;
  @ApiProperty({ example: 'Đảng ủy xã An Bình' }) orgUnitName!: string;
}

export class HistoryDelegatorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
}

export class HistoryEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'APPROVE' }) type!: string;
  @ApiProperty({ nullable: true, type: String }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty({ type: HistoryActorDto }) actor!: HistoryActorDto;
  @ApiProperty({
    nullable: true,
    type: HistoryDelegatorDto,
    description: 'The official the actor acted for by delegation (ủy quyền)',
  })
  onBehalfOf!: HistoryDelegatorDto | null;
  @ApiProperty({ nullable: true, type: Object }) data!: object | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'What the official wrote with this action: the form’s opinion fields ("x-opinion") and the comment, blank-line separated',
  })
  opinion!: string | null;
  @ApiProperty({ nullable: true, type: String }) commandId!: string | null;
  @ApiProperty() at!: Date;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}
