import { IsIn, IsOptional } from 'class-validator';

export class DiagramQueryDto {
  @IsOptional()
  @IsIn(['vi', 'en'])
  lang?: 'vi' | 'en';
}
