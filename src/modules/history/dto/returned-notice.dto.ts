import { ApiProperty } from '@nestjs/swagger';
import { UserRefDto } from '../../users/dto/user-ref.dto';

/** Why a case sits where it does: the return (or rejection) that put it back in this step. */
export class ReturnedNoticeDto {
  @ApiProperty({ example: 'RETURN', description: 'The event that sent the case back' })
  type!: string;
  @ApiProperty({ type: UserRefDto }) by!: UserRefDto;
  @ApiProperty({ format: 'uuid', description: 'The unit the returning official acted for' })
  byOrgUnitId!: string;
  @ApiProperty() at!: Date;
  @ApiProperty({ nullable: true, type: String, description: 'The reason given' })
  comment!: string | null;
}
