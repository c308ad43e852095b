import { Injectable } from '@nestjs/common';

/** The one place the API reads the time; tests replace it. Domain code gets the instant passed in. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
