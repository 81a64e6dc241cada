import { z } from 'zod';
import { ATTENDANCE_STATUSES } from '../../../domain/attendance.js';

const id = z.string().min(1).max(64);

export const RoomParamsSchema = z.object({ roomId: id });

export const RoomInfoSchema = z.object({
  roomId: z.string(),
  sessionId: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['open', 'ended']),
  meetingMode: z.string(),
  /** Video is not built in: an online group keeps its meeting link. */
  meetingLink: z.string().nullable(),
  openedAt: z.string(),
  endedAt: z.string().nullable(),
});

export const MyRoomSchema = RoomInfoSchema.extend({
  you: z.object({ personId: z.string(), kind: z.enum(['member', 'facilitator']) }),
});

export const SessionRoomSchema = z.object({ room: RoomInfoSchema.nullable(), opensAt: z.string() });

export const MyRoomsSchema = z.object({ rooms: z.array(RoomInfoSchema) });

const Named = { memberId: z.string(), displayName: z.string() };

export const RoomSummarySchema = z.object({
  room: RoomInfoSchema,
  attendance: z.array(
    z.object({
      ...Named,
      /** Null in an in-person room for a member never seen there: the facilitator decides. */
      suggested: z.enum(ATTENDANCE_STATUSES).nullable(),
      firstArrivedAt: z.string().nullable(),
      lastLeftAt: z.string().nullable(),
      recorded: z.enum(ATTENDANCE_STATUSES).nullable(),
    }),
  ),
  checkIns: z.array(
    z.object({
      ...Named,
      mood: z.number(),
      word: z.string(),
      part: z.string().nullable(),
      share: z.enum(['group', 'facilitators']),
      enteredBy: z.string().nullable(),
      at: z.string(),
    }),
  ),
  checkOuts: z.array(
    z.object({
      ...Named,
      formId: z.string(),
      status: z.string(),
      total: z.number().nullable(),
      band: z.string().nullable(),
    }),
  ),
  voice: z.array(
    z.object({
      ...Named,
      seconds: z.number(),
      turns: z.number(),
      /** Over the group's earlier sessions with a room (the last five at most). */
      earlier: z.object({ sessions: z.number(), seconds: z.number(), turns: z.number() }),
      quiet: z.boolean(),
      quietEarlier: z.boolean(),
    }),
  ),
  hiddenChat: z.array(z.object({ messageId: z.string(), displayName: z.string(), text: z.string(), at: z.string() })),
  /** Chat messages crisis-language screening held; `released`: a facilitator showed it to the group. */
  heldChat: z.array(
    z.object({
      messageId: z.string(),
      displayName: z.string(),
      text: z.string(),
      at: z.string(),
      released: z.boolean(),
    }),
  ),
  safety: z.array(z.object({ ...Named, alertId: z.string(), by: z.string(), at: z.string() })),
});

export const BackChannelSchema = z.object({
  messages: z.array(
    z.object({
      messageId: z.string(),
      personId: z.string().nullable(),
      displayName: z.string(),
      text: z.string(),
      at: z.string(),
    }),
  ),
});

export const CheckOutFormSchema = z.object({ formId: z.string(), status: z.string() });
