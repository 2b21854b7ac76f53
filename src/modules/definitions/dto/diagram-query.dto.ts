import { IsIn } from 'class-validator';
import { IsOptional } from '../../../common/validation/optional';

export class DiagramQueryDto {
  @IsOptional()
  @IsIn(['vi', 'en'])
  lang?: 'vi' | 'en';
}
