import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import { SfuError } from '../common/sfu.error';
import type { ErrorAck } from '@kohtaamo/protocol';

/**
 * Every failure of a socket request becomes an error acknowledgement `{ error: { code, field?, message } }`.
 * Nothing is rethrown: a bad message never ends the process or reaches another room.
 */
@Catch()
export class SocketExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Signalling');

  catch(exception: unknown, host: ArgumentsHost): void {
    // socket.io handler arguments: [socket, payload, ack, pattern]
    const ack: unknown = host.getArgByIndex(2);
    let body: ErrorAck;
    if (exception instanceof SfuError) {
      body = { error: exception.toBody() };
    } else {
      const pattern: unknown = host.getArgByIndex(3);
      this.logger.error(
        `unexpected error in "${String(pattern)}": ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
      body = { error: { code: 'internal', message: 'internal error' } };
    }
    if (typeof ack === 'function') {
      try {
        (ack as (b: ErrorAck) => void)(body);
      } catch {
        // the socket is gone
      }
    }
  }
}
