import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { attachment } from '../../platform/slug.js';
import { dayFor } from '../../platform/time-words.js';
import { registerDataExportJobs } from './data-exports.jobs.js';
import { DataExportListSchema, DataExportSchema, ExportParamsSchema } from './data-exports.schema.js';
import { downloadArchive, myExports, requestExport, type DataExportContext } from './data-exports.service.js';

/** "My data": anyone signed in asks for a copy of everything Hearth holds about them (decision 0029). */
export function dataExportRoutes(app: HearthApp, services: Services): void {
  const context: DataExportContext = services;
  const tags = ['my data'];
  registerDataExportJobs(context);

  app.post(
    '/api/me/data-exports',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Ask for a copy of your data (while one is being prepared, you get that one)',
        tags,
        response: { 200: DataExportSchema, 201: DataExportSchema },
      },
    },
    async (request, reply) => {
      const result = await requestExport(context, requireViewer(request), requestOrigin(request));
      return reply.code(result.created ? 201 : 200).send(result.export);
    },
  );

  app.get(
    '/api/me/data-exports',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'Your copies of your data, with progress', tags, response: { 200: DataExportListSchema } },
    },
    async (request) => myExports(context, requireViewer(request)),
  );

  app.get(
    '/api/me/data-exports/:exportId/archive',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'Download a copy of your data (a .zip)', tags, params: ExportParamsSchema },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { zip, preparedAt } = await downloadArchive(
        context,
        viewer,
        request.params.exportId,
        requestOrigin(request),
      );
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachment('hearth', dayFor(viewer.timeZone, preparedAt), 'my-data.zip'))
        .send(zip);
    },
  );
}
