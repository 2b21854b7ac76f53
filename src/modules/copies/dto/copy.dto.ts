import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';

export class SendCopiesDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 50,
    description:
      'Nơi nhận: the units sent the case to read and comment on (cho ý kiến); they never act on it',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  orgUnitIds!: string[];
}

export class CopyCommentAuthorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Chủ tịch Hội Nông dân huyện' }) fullName!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ example: 'Hội Nông dân huyện' }) orgUnitName!: string;
}

export class CopyCommentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Đề nghị bổ sung trách nhiệm của Hội trong tổ công tác chung.' })
  body!: string;
  @ApiProperty({ type: CopyCommentAuthorDto }) author!: CopyCommentAuthorDto;
  @ApiProperty() createdAt!: Date;
}

export class CopySenderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

export class CaseCopyDto {
  @ApiProperty({ format: 'uuid', description: 'The recipient unit (nơi nhận)' }) orgUnitId!: string;
  @ApiProperty({ example: 'Ủy ban MTTQ Việt Nam huyện' }) orgUnitName!: string;
  @ApiProperty({ description: 'The state whose step sent the copy' }) state!: string;
  @ApiProperty({ example: 'Ban Dân vận xem xét' }) stateTitle!: string;
  @ApiProperty() sentAt!: Date;
  @ApiProperty({ type: CopySenderDto }) sentBy!: CopySenderDto;
  @ApiProperty({ description: 'Whether the unit has given its opinion (cho ý kiến) yet' })
  commented!: boolean;
  @ApiProperty({
    type: [CopyCommentDto],
    description: 'The unit’s comments on the case, oldest first',
  })
  comments!: CopyCommentDto[];
}

export class CaseCopiesDto {
  @ApiProperty({ type: [CaseCopyDto], description: 'In the order sent' }) items!: CaseCopyDto[];
}
