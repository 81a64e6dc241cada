import { z } from 'zod';

/** domain/video.ts VideoAvailability, as the API answers it. */
export const VideoAvailabilitySchema = z.union([
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('off'), reason: z.enum(['notConfigured', 'inPerson']) }),
  z.object({ state: z.literal('unavailable'), reason: z.literal('unreachable') }),
]);

/** domain/video.ts VideoJoin. */
export const VideoJoinSchema = z.object({
  server: z.string(),
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    }),
  ),
  token: z.string(),
  expiresAt: z.string(),
  mediaRoom: z.string(),
  pin: z.string(),
  display: z.string(),
  breakout: z.boolean(),
});
