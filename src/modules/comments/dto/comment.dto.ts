import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';

export class CreateCommentDto {
  @ApiProperty({ example: 'Đề nghị xã bổ sung số liệu quý II.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The comment this one answers' })
  @IsOptional()
  @IsUUID()
  replyToId?: string;
}

export class CommentsQueryDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class CommentAuthorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ format: 'uuid', description: 'The author’s unit when they wrote' })
  orgUnitId!: string;
  @ApiProperty({ example: 'Đảng ủy xã An Bình' }) orgUnitName!: string;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) replyToId!: string | null;
  @ApiProperty({ type: CommentAuthorDto }) author!: CommentAuthorDto;
  @ApiProperty() createdAt!: Date;
}

export class CommentPageDto {
  @ApiProperty({ type: [CommentDto], description: 'Oldest first' }) items!: CommentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
