import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
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

export class HistoryEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'APPROVE' }) type!: string;
  @ApiProperty({ nullable: true, type: String }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty() actor!: { id: string; username: string; orgUnitId: string };
  @ApiProperty({
    nullable: true,
    type: Object,
    description: '{ id, username } of the official the actor acted for by delegation (ủy quyền)',
  })
  onBehalfOf!: { id: string; username: string } | null;
  @ApiProperty({ nullable: true, type: Object }) data!: object | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ nullable: true, type: String }) commandId!: string | null;
  @ApiProperty() at!: Date;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}
