import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BrokenLinkDto } from '../../../common/errors/error-body.dto';
import { AuditActorDto } from './audit-event.dto';

export class JsonChangeDto {
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) op!: string;
  @ApiProperty({ description: 'JSON pointer into the document', example: '/scope' }) path!: string;
  @ApiPropertyOptional({ description: 'Absent when added' }) oldValue?: unknown;
  @ApiPropertyOptional({ description: 'Absent when removed' }) newValue?: unknown;
}

export class TimelineUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
}

export class TimelineInstanceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() definitionKey!: string;
  @ApiProperty() definitionVersion!: number;
  @ApiProperty() definitionTitle!: string;
  @ApiProperty({ type: TimelineUnitDto }) orgUnit!: TimelineUnitDto;
  @ApiProperty() state!: string;
  @ApiProperty() stateTitle!: string;
  @ApiProperty({ enum: ['active', 'completed', 'cancelled'] }) status!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ChainStatusDto {
  @ApiProperty({ description: 'The instance’s hash chain is intact' }) ok!: boolean;
  @ApiPropertyOptional({ type: BrokenLinkDto, description: 'The first broken link' })
  firstBroken?: BrokenLinkDto;
}

export class TimelineEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'APPROVE' }) type!: string;
  @ApiProperty({ example: 'Phê duyệt' }) typeTitle!: string;
  @ApiProperty({ nullable: true, type: String }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty() toStateTitle!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) onBehalfOfId!: string | null;
  @ApiProperty() at!: Date;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The form’s opinion fields ("x-opinion") and the comment, blank-line separated',
  })
  opinion!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The form data the event carried' })
  data!: object | null;
  @ApiProperty({ description: 'Its form data went into the document' }) submission!: boolean;
  @ApiProperty({
    type: [JsonChangeDto],
    description: 'What it changed in the document since the previous submission',
  })
  changes!: JsonChangeDto[];
  @ApiProperty({
    type: Object,
    description: 'The document after the event: for an approval, what the approver saw',
  })
  document!: object;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class TimelineDto {
  @ApiProperty({ type: TimelineInstanceDto }) instance!: TimelineInstanceDto;
  @ApiProperty({ type: ChainStatusDto }) chain!: ChainStatusDto;
  @ApiProperty({ type: [TimelineEventDto] }) events!: TimelineEventDto[];
}
