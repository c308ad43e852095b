import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io options for signalling. Any origin may connect: the join token, not a cookie, is the
 * credential. Pings every 10 s notice a dead connection within ~20 s; messages are small (SDP-sized).
 */
export class SfuIoAdapter extends IoAdapter {
  constructor(app: INestApplicationContext) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      cors: { origin: true },
      maxHttpBufferSize: 256 * 1024,
      pingInterval: 10_000,
      pingTimeout: 10_000,
    }) as Server;
  }
}
