import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DirectivesService } from './directives.service';
import { CreateDirectiveDto, DirectiveDetailDto, DirectiveDto } from './dto/directive.dto';

@ApiTags('directives')
@ApiBearerAuth()
@Controller('api/directives')
export class DirectivesController {
  constructor(private readonly directives: DirectivesService) {}

  @Post()
  @ApiCreatedResponse({ type: DirectiveDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateDirectiveDto,
  ): Promise<DirectiveDto> {
    return this.directives.create(user, body);
  }

  @Get()
  @ApiOkResponse({ type: [DirectiveDto], description: 'Newest first' })
  list(): Promise<DirectiveDto[]> {
    return this.directives.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: DirectiveDetailDto })
  read(@Param('id', ParseUUIDPipe) id: string): Promise<DirectiveDetailDto> {
    return this.directives.read(id);
  }
}
