import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, rolesAllow } from '@kohtaamo/domain';
import type { Request } from 'express';
import { PERMISSION_KEY, PUBLIC_KEY, Permission, SIGNED_IN_KEY } from './decorators';
import { InvitationsService } from './invitations.service';
import { setActor } from '../database/actor-context';
import { Principal, actorOf } from './principal';
import { TokenVerifier } from './token-verifier.service';

export type AuthedRequest = Request & { principal?: Principal };

/**
 * The one gate of every HTTP route (registered globally): who is calling (a staff bearer token or a
 * guest invitation), then whether one of their roles may do the route's action on its resource. A route
 * that declares neither @Public nor @Can is refused, so a new route cannot be left open by accident.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly invitations: InvitationsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.authenticate(req);
    req.principal = principal;
    setActor(actorOf(principal));
    if (this.reflector.get<boolean>(SIGNED_IN_KEY, ctx.getHandler())) return true;
    const permission = this.reflector.get<Permission | undefined>(PERMISSION_KEY, ctx.getHandler());
    if (!permission) {
      this.logger.error(`${ctx.getClass().name}.${ctx.getHandler().name} declares no permission; refused`);
      throw new DomainError('forbidden', 'this route is not open to anyone yet');
    }
    if (!rolesAllow(principal.roles, permission.resource, permission.action)) {
      throw new DomainError('forbidden', `your role (${principal.roles.join(', ')}) may not ${permission.action} ${permission.resource.replace(/_/g, ' ')}`, [], {
        resource: permission.resource,
        action: permission.action,
      });
    }
    return true;
  }

  authenticate(req: Request): Promise<Principal> {
    const header = req.headers.authorization;
    if (!header) return Promise.reject(new DomainError('unauthorized', 'sign in first (Authorization: Bearer <token>, or Invitation <token> from an invitation link)'));
    const [scheme, value] = header.split(' ', 2);
    if (/^bearer$/i.test(scheme) && value) return this.tokens.verify(value.trim());
    if (/^invitation$/i.test(scheme) && value) return this.invitations.authenticate(value.trim());
    return Promise.reject(new DomainError('unauthorized', 'use Authorization: Bearer <token> or Invitation <token>'));
  }
}
