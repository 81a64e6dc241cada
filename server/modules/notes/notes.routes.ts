import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { SessionParamsSchema } from '../schedule/schedule.schema.js';
import {
  AddendumBodySchema,
  ClinicalRecordBodySchema,
  ClinicalRecordSchema,
  MemberNoteParamsSchema,
  MyNotesSchema,
  NoteParamsSchema,
  NoteSettingsSchema,
  NotesToDoSchema,
  PersonParamsSchema,
  SaveGroupNoteBodySchema,
  SaveMemberNoteBodySchema,
  SessionNotesSchema,
  SignerBodySchema,
  SignersSchema,
  SignResultSchema,
  SingleNoteSchema,
} from './notes.schema.js';
import {
  addAddendum,
  changeNoteSettings,
  changeSigner,
  clinicalRecord,
  cosignNote,
  myNotes,
  noteSettings,
  notesToDo,
  progressNote,
  releaseNote,
  saveClinicalRecord,
  saveGroupNote,
  saveMemberNote,
  sessionNotes,
  signers,
  signSession,
  startNotes,
  type NotesContext,
} from './notes.service.js';

const Saved = z.object({ updatedAt: z.string() });

/** Session notes, signatures, co-signatures, addenda, release, the to-do list and clinical records. */
export function notesRoutes(app: HearthApp, services: Services): void {
  const context: NotesContext = services;
  const tags = ['notes'];
  const base = '/api/groups/:groupId/sessions/:sessionId/notes';

  app.get(
    base,
    {
      config: { policy: policies.staff },
      schema: {
        summary: "A session's group note and progress notes",
        tags,
        params: SessionParamsSchema,
        response: { 200: SessionNotesSchema },
      },
    },
    async (request) =>
      sessionNotes(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        requestOrigin(request),
      ),
  );

  app.post(
    base,
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: "Start a session's notes: the group note and a progress note per attending member",
        tags,
        params: SessionParamsSchema,
        response: { 200: SessionNotesSchema },
      },
    },
    async (request) =>
      startNotes(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        requestOrigin(request),
      ),
  );

  app.put(
    `${base}/group`,
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Save the group note draft',
        tags,
        params: SessionParamsSchema,
        body: SaveGroupNoteBodySchema,
        response: { 200: Saved },
      },
    },
    async (request) =>
      saveGroupNote(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        request.body.content,
        requestOrigin(request),
      ),
  );

  app.put(
    `${base}/members/:memberId`,
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: "Save a member's own part of their progress note",
        tags,
        params: MemberNoteParamsSchema,
        body: SaveMemberNoteBodySchema,
        response: { 200: Saved },
      },
    },
    async (request) =>
      saveMemberNote(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        request.params.memberId,
        request.body.content,
        requestOrigin(request),
      ),
  );

  app.post(
    `${base}/sign`,
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: "Sign all of a session's drafts",
        tags,
        params: SessionParamsSchema,
        response: { 200: SignResultSchema },
      },
    },
    async (request) =>
      signSession(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.sessionId,
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/notes/to-do',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'Sessions without signed notes, and notes waiting for co-signature',
        tags,
        response: { 200: NotesToDoSchema },
      },
    },
    async (request) => notesToDo(context, requireViewer(request), requestOrigin(request)),
  );

  app.get(
    '/api/notes/settings',
    {
      config: { policy: policies.staff },
      schema: {
        summary: "The practice's note template and signing limit",
        tags,
        response: { 200: NoteSettingsSchema },
      },
    },
    async (request) => noteSettings(context.database.db, requireViewer(request).practiceId),
  );

  app.put(
    '/api/notes/settings',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Choose the note template and signing limit',
        tags,
        body: NoteSettingsSchema,
        response: { 200: NoteSettingsSchema },
      },
    },
    async (request) => changeNoteSettings(context, requireViewer(request), request.body, requestOrigin(request)),
  );

  app.get(
    '/api/notes/signers',
    {
      config: { policy: policies.practiceAdmin },
      schema: { summary: "Staff's credentials and who co-signs their notes", tags, response: { 200: SignersSchema } },
    },
    async (request) => signers(context, requireViewer(request)),
  );

  app.put(
    '/api/notes/signers/:userId',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: "Set someone's credential and the supervisor who co-signs their notes",
        tags,
        params: PersonParamsSchema,
        body: SignerBodySchema,
        response: { 200: SignersSchema },
      },
    },
    async (request) =>
      changeSigner(context, requireViewer(request), request.params.userId, request.body, requestOrigin(request)),
  );

  app.get(
    '/api/notes/:noteId',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'One progress note with its addenda',
        tags,
        params: NoteParamsSchema,
        response: { 200: SingleNoteSchema },
      },
    },
    async (request) => progressNote(context, requireViewer(request), request.params.noteId, requestOrigin(request)),
  );

  app.post(
    '/api/notes/:noteId/cosign',
    {
      config: { policy: policies.staff },
      schema: {
        summary: "Co-sign a supervisee's note",
        tags,
        params: NoteParamsSchema,
        response: { 200: SingleNoteSchema },
      },
    },
    async (request) => cosignNote(context, requireViewer(request), request.params.noteId, requestOrigin(request)),
  );

  app.post(
    '/api/notes/:noteId/addenda',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'Add a signed addendum to a signed note',
        tags,
        params: NoteParamsSchema,
        body: AddendumBodySchema,
        response: { 200: SingleNoteSchema },
      },
    },
    async (request) =>
      addAddendum(context, requireViewer(request), request.params.noteId, request.body.text, requestOrigin(request)),
  );

  app.post(
    '/api/notes/:noteId/release',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Release a signed note to its member',
        tags,
        params: NoteParamsSchema,
        response: { 200: SingleNoteSchema },
      },
    },
    async (request) => releaseNote(context, requireViewer(request), request.params.noteId, requestOrigin(request)),
  );

  app.get(
    '/api/people/:userId/clinical-record',
    {
      config: { policy: policies.staff },
      schema: {
        summary: "A member's clinical record",
        tags,
        params: PersonParamsSchema,
        response: { 200: ClinicalRecordSchema },
      },
    },
    async (request) => clinicalRecord(context, requireViewer(request), request.params.userId, requestOrigin(request)),
  );

  app.put(
    '/api/people/:userId/clinical-record',
    {
      config: { policy: policies.staff },
      schema: {
        summary: "Save a member's clinical record",
        tags,
        params: PersonParamsSchema,
        body: ClinicalRecordBodySchema,
        response: { 200: ClinicalRecordSchema },
      },
    },
    async (request) =>
      saveClinicalRecord(context, requireViewer(request), request.params.userId, request.body, requestOrigin(request)),
  );

  app.get(
    '/api/my/notes',
    {
      config: { policy: policies.members },
      schema: { summary: 'Notes a clinician released to me', tags, response: { 200: MyNotesSchema } },
    },
    async (request) => myNotes(context, requireViewer(request), requestOrigin(request)),
  );
}
