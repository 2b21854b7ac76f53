import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

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
}

export class SignedInUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ type: [String] }) capabilities!: string[];
  @ApiProperty() orgUnitId!: string;
  @ApiProperty() fullName!: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ type: SignedInUserDto }) user!: SignedInUserDto;
}
