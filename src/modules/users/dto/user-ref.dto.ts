import { ApiProperty } from '@nestjs/swagger';

/** Who someone is, as listings show them: enough to name them, nothing more. */
export class UserRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'dangu.an-binh' }) username!: string;
  @ApiProperty({ example: 'Bí thư Đảng ủy Xã An Bình' }) fullName!: string;
}

/** SQL row fields → {@link UserRefDto}, or null when the user column was null. */
export function userRef(
  id: string | null,
  username: string | null,
  fullName: string | null,
): UserRefDto | null {
  return id && username ? { id, username, fullName: fullName ?? username } : null;
}

/** SQL row fields of a user joined for sure (NOT NULL columns) → {@link UserRefDto}. */
export function requiredUserRef(id: string, username: string, fullName: string): UserRefDto {
  return { id, username, fullName };
}
