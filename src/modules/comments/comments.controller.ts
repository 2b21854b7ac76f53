import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CommentsService } from './comments.service';
import { CommentDto, CommentPageDto, CommentsQueryDto, CreateCommentDto } from './dto/comment.dto';

@ApiTags('comments')
@ApiBearerAuth()
@Controller('api/instances/:id/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @ApiOkResponse({ type: CommentPageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CommentsQueryDto,
  ): Promise<CommentPageDto> {
    return this.comments.list(user, id, query);
  }

  @Post()
  @ApiCreatedResponse({ type: CommentDto })
  add(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateCommentDto,
  ): Promise<CommentDto> {
    return this.comments.add(user, id, body);
  }
}
