import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { type AuthenticatedRequest } from '../auth/auth.decorators';
import { bearerToken, JwtAuthGuard } from '../auth/jwt-auth.guard';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * `/metrics` is read by a scraper holding `METRICS_TOKEN` (when set) or by an admin's access
 * token. The scrape token is compared in constant time (over digests, so lengths leak nothing).
 */
@Injectable()
export class MetricsGuard implements CanActivate {
  private readonly scrapeToken?: Buffer;

  constructor(
    private readonly jwtGuard: JwtAuthGuard,
    config: AppConfigService,
  ) {
    const token = config.get('METRICS_TOKEN');
    this.scrapeToken = token ? digest(token) : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = bearerToken(request.headers.authorization);
    if (this.scrapeToken && presented && timingSafeEqual(digest(presented), this.scrapeToken)) {
      return true;
    }
    const user = await this.jwtGuard.authenticate(request);
    if (!user.roles.includes('admin')) {
      throw new DomainError('forbidden', 'Metrics need the role admin or the scrape token');
    }
    return true;
  }
}
