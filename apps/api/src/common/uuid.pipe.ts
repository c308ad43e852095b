import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids must be UUIDs: a malformed one is a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, meta: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw DomainError.field('validation_failed', meta.data ?? 'id', 'must be a UUID');
    }
    return value.toLowerCase();
  }
}
