import { strToU8, zipSync, type ZippableFile } from 'fflate';
import { ARCHIVE_FILES } from '../../../domain/data-export.js';
import { fhirBundle } from '../measures/fhir.presenter.js';
import type { ClinicalExport, MyData } from './my-data.service.js';
import { summaryHtml } from './summary.presenter.js';

/**
 * The three files of a person's archive, as one .zip (docs/decisions/0029): their questionnaires
 * and scores as a FHIR R4 Bundle (a Patient for each practice they belong to, decision 0022), all
 * of it as JSON, and a summary in plain words.
 */
export function archiveOf(data: MyData, clinical: ClinicalExport): Uint8Array {
  const preparedAt = new Date(data.preparedAt);
  const bundle = fhirBundle(clinical.forms, preparedAt, clinical.patients);
  const file = (text: string): ZippableFile => [strToU8(text), { mtime: preparedAt }];
  return zipSync(
    {
      [ARCHIVE_FILES.fhir]: file(JSON.stringify(bundle, null, 2)),
      [ARCHIVE_FILES.data]: file(JSON.stringify(data, null, 2)),
      [ARCHIVE_FILES.summary]: file(summaryHtml(data)),
    },
    { level: 6 },
  );
}
