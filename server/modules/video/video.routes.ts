import type { Services } from '../../app.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { HttpProblem } from '../../platform/problem.js';
import { RoomParamsSchema } from '../room/room.schema.js';
import { VideoAvailabilitySchema, VideoJoinSchema } from './video.schema.js';
import { VIDEO_RETRY_AFTER_SECONDS } from './video.service.js';

/**
 * Video in the live room (docs/video.md): whether the room has it, and a participant's way in.
 * Who may ask is the room's rule: its facilitators and the session's roster; everyone else 404.
 */
export function videoRoutes(app: HearthApp, { video }: Services): void {
  const tags = ['room'];

  app.get(
    '/api/rooms/:roomId/video',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Whether the room has video, and if not, why',
        tags,
        params: RoomParamsSchema,
        response: { 200: VideoAvailabilitySchema },
      },
    },
    async (request) => video.availabilityFor(requireViewer(request), request.params.roomId),
  );

  app.post(
    '/api/rooms/:roomId/video/join',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Your own short-lived way into the room’s video (admitted members and facilitators)',
        tags,
        params: RoomParamsSchema,
        response: { 200: VideoJoinSchema },
      },
    },
    async (request, reply) => {
      try {
        return await video.join(requireViewer(request), request.params.roomId);
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 503)
          reply.header('retry-after', VIDEO_RETRY_AFTER_SECONDS);
        throw error;
      }
    },
  );
}
