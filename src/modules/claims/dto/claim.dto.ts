import { ApiProperty } from '@nestjs/swagger';
import { UserRefDto } from '../../users/dto/user-ref.dto';

export class ClaimDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ nullable: true, type: UserRefDto }) claimedBy!: UserRefDto | null;
  @ApiProperty({ nullable: true, type: Date }) claimedAt!: Date | null;
}
