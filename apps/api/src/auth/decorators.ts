import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Action, Resource } from '@kohtaamo/domain';
import type { Principal, StaffPrincipal } from './principal';

export const PUBLIC_KEY = 'kohtaamo:public';
export const PERMISSION_KEY = 'kohtaamo:permission';

/** No sign-in needed (health, docs, the development issuer, redeeming nothing). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

export interface Permission {
  resource: Resource;
  action: Action;
}

/** The resource and action a route touches; looked up in the permission table (libs/domain/access.ts). */
export const Can = (resource: Resource, action: Action): MethodDecorator => SetMetadata(PERMISSION_KEY, { resource, action } satisfies Permission);

export const SIGNED_IN_KEY = 'kohtaamo:signed-in';

/** Anyone signed in, staff or guest (e.g. "who am I"); nothing about other people. */
export const SignedIn = (): MethodDecorator => SetMetadata(SIGNED_IN_KEY, true);

/** The authenticated caller. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!req.principal) throw new Error('no principal on an authenticated route');
  return req.principal;
});

/** The authenticated caller, who must be staff (routes that the permission table gives no guest role). */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (req.principal?.kind !== 'staff') throw new Error('a staff route reached without a staff principal');
  return req.principal;
});
