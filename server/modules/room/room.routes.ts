import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { AnswersBodySchema } from '../measures/measures.schema.js';
import { SessionParamsSchema } from '../schedule/schedule.schema.js';
import { presentRoom } from './room.presenter.js';
import {
  BackChannelSchema,
  CheckOutFormSchema,
  MyRoomSchema,
  MyRoomsSchema,
  RoomInfoSchema,
  RoomParamsSchema,
  RoomSummarySchema,
  SessionRoomSchema,
} from './room.schema.js';
import {
  backChannel,
  checkOutFormFor,
  myRooms,
  openRoom,
  roomFor,
  roomSummary,
  sessionRoom,
  submitCheckOut,
  type RoomContext,
} from './room.service.js';

/**
 * The live session room's HTTP side (docs/room.md): opening it, finding it, its summary, its
 * back-channel and the check-out. What happens inside the room goes over the socket (/api/realtime).
 */
export function roomRoutes(app: HearthApp, services: Services): void {
  const context: RoomContext = { ...services, publicUrl: services.config.publicUrl };
  const tags = ['room'];

  app.post(
    '/api/groups/:groupId/sessions/:sessionId/room',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'Open the live room of a session (its facilitators, from 30 minutes before)',
        tags,
        params: SessionParamsSchema,
        response: { 200: RoomInfoSchema },
      },
    },
    async (request) =>
      openRoom(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/groups/:groupId/sessions/:sessionId/room',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'The live room of a session, if open',
        tags,
        params: SessionParamsSchema,
        response: { 200: SessionRoomSchema },
      },
    },
    async (request) => sessionRoom(context, requireViewer(request), request.params.groupId, request.params.sessionId),
  );

  app.get(
    '/api/my/rooms',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'Rooms open now that you may join', tags, response: { 200: MyRoomsSchema } },
    },
    async (request) => myRooms(context, requireViewer(request)),
  );

  app.get(
    '/api/rooms/:roomId',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'A room you may be in, and who you are in it',
        tags,
        params: RoomParamsSchema,
        response: { 200: MyRoomSchema },
      },
    },
    async (request) => {
      const { row, you } = await roomFor(context, requireViewer(request), request.params.roomId);
      return { ...presentRoom(row), you };
    },
  );

  app.get(
    '/api/rooms/:roomId/summary',
    {
      config: { policy: policies.staff },
      schema: {
        summary:
          'What a room kept: attendance to confirm, check-ins and check-outs, share of voice, hidden chat, safety',
        tags,
        params: RoomParamsSchema,
        response: { 200: RoomSummarySchema },
      },
    },
    async (request) => roomSummary(context, requireViewer(request), request.params.roomId, requestOrigin(request)),
  );

  app.get(
    '/api/rooms/:roomId/back-channel',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'The facilitators’ back-channel of a session (its facilitators and supervisors)',
        tags,
        params: RoomParamsSchema,
        response: { 200: BackChannelSchema },
      },
    },
    async (request) => backChannel(context, requireViewer(request), request.params.roomId, requestOrigin(request)),
  );

  app.get(
    '/api/rooms/:roomId/check-out',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Your check-out form for this session',
        tags,
        params: RoomParamsSchema,
        response: { 200: CheckOutFormSchema },
      },
    },
    async (request) => {
      const { formId, status } = await checkOutFormFor(context, requireViewer(request), request.params.roomId);
      return { formId, status };
    },
  );

  app.post(
    '/api/rooms/:roomId/check-out',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Send your check-out (scored and alerted like any check-out)',
        tags,
        params: RoomParamsSchema,
        body: AnswersBodySchema,
      },
    },
    async (request) =>
      submitCheckOut(context, requireViewer(request), request.params.roomId, request.body, requestOrigin(request)),
  );
}
