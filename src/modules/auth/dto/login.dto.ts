import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';
import { ApiPropertyOptional } from '@nestjs/swagger';

export class LoginDto {
  @ApiProperty({ example: 'mttq.xa-an-binh' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Sign in for another of the user’s posts (kiêm nhiệm) instead of their home unit; must be one of `user.posts`',
  })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class SignedInUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ type: [String] }) capabilities!: string[];
  @ApiProperty({ description: 'The unit this sign-in acts for' }) orgUnitId!: string;
  @ApiProperty({
    type: [String],
    description: 'Every unit the user holds a post in, the home unit first',
  })
  posts!: string[];
  @ApiProperty() fullName!: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ type: SignedInUserDto }) user!: SignedInUserDto;
}
