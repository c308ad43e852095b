import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY, Permission, SIGNED_IN_KEY } from '../../apps/api/src/auth/decorators';
import type { TestApi } from './api';

export interface Route {
  /** `METHOD /api/path/:param` */
  key: string;
  method: string;
  path: string;
  permission?: Permission;
  isPublic: boolean;
  signedIn: boolean;
  /** `Controller.handler` */
  name: string;
}

/** Every HTTP route Nest mapped, with what it declares (read from the router's own metadata). */
export function routesOf(api: TestApi): Route[] {
  const discovery = api.app.get(DiscoveryService);
  const reflector = api.app.get(Reflector);
  const out: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!cls) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
    const classPublic = Boolean(reflector.get(PUBLIC_KEY, cls));
    for (const key of Object.getOwnPropertyNames(cls.prototype)) {
      const handler = (cls.prototype as Record<string, unknown>)[key];
      if (key === 'constructor' || typeof handler !== 'function') continue;
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = ['/api', base, String(sub)].filter((x) => x && x !== '/').join('/').replace(/\/+/g, '/');
      const path = base === 'health' ? '/health' : full;
      out.push({
        key: `${method} ${path}`,
        method,
        path,
        permission: reflector.get(PERMISSION_KEY, handler),
        isPublic: classPublic || Boolean(reflector.get(PUBLIC_KEY, handler)),
        signedIn: Boolean(reflector.get(SIGNED_IN_KEY, handler)),
        name: `${cls.name}.${key}`,
      });
    }
  }
  return out;
}
