import { ClientEntity } from '../clients/client.entity';
import { ConsentEntity } from '../consents/consent.entity';
import { AgendaItemEntity, MeetingAttendanceEntity, MeetingEntity, MeetingOutboxEntity, MeetingParticipantEntity } from '../meetings/meeting.entity';
import { PersonEntity } from '../persons/person.entity';
import { ConsultationRequestEntity, RequestEventEntity } from '../requests/consultation-request.entity';
import { RoomEntity } from '../rooms/room.entity';
import { SessionExceptionEntity, SessionSeriesEntity } from '../scheduling/scheduling.entity';
import { ResponsiblePairEntity, TeamEntity, TeamMemberEntity } from '../teams/team.entity';
import { MinutesEntity } from '../minutes/minutes.entity';
import { NotificationDeliveryEntity } from '../notifications/notification-delivery.entity';

export const ENTITIES = [
  PersonEntity,
  TeamEntity,
  TeamMemberEntity,
  ResponsiblePairEntity,
  ClientEntity,
  ConsentEntity,
  ConsultationRequestEntity,
  RequestEventEntity,
  MeetingEntity,
  MeetingParticipantEntity,
  MeetingAttendanceEntity,
  AgendaItemEntity,
  MeetingOutboxEntity,
  RoomEntity,
  SessionSeriesEntity,
  SessionExceptionEntity,
  NotificationDeliveryEntity,
  MinutesEntity,
];
