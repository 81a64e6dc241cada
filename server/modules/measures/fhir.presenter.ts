import crypto from 'node:crypto';
import {
  bandWithStatement,
  languagesOf,
  optionsOf,
  originalLanguage,
  readIn,
  type AnswerOption,
  type Instrument,
} from '../../../domain/instruments.js';
import { scoreAnswers, type Answers } from '../../../domain/scoring.js';

/**
 * Hearth's own FHIR namespaces (decision 0022): the same for every deployment and never built from
 * its address, so an export names the same codes and the same person wherever it was made. The root
 * is an OID under 2.25 (ITU-T X.667: an OID made from a UUID, which needs no registration).
 */
const ROOT = '2.25.172550525560415433239772495160679713073';
/** The same UUID, as the namespace of the name-based UUIDs below. */
const NAMESPACE = '81d005bc-a3a3-4c07-89fd-0bbd0d01c931';

export const HEARTH_FHIR = {
  /** Codes of Hearth's and practices' own instruments (their ids), for scores without a LOINC code. */
  instrumentCodes: `urn:oid:${ROOT}.1`,
  /** Codes of an instrument's parts, "<instrument>/<part>" ("phq-4/gad-2"). */
  partCodes: `urn:oid:${ROOT}.2`,
  /** A person in a practice: the same in every group they join. */
  personIdentifier: `urn:oid:${ROOT}.3`,
} as const;

/** A name-based UUID (RFC 9562 version 5) in Hearth's namespace: the same name gives the same UUID. */
export function stableUuid(name: string): string {
  const hash = crypto
    .createHash('sha1')
    .update(Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A Questionnaire's canonical: Hearth's name-based UUID of `Questionnaire/<instrument id>`, the same
 * in every deployment (decision 0022). LOINC's own canonical is not used: its Questionnaire has other
 * linkIds than Hearth's ids, so a client resolving it would find none of Hearth's answers' questions.
 */
export function questionnaireUrl(instrument: Pick<Instrument, 'id'>): string {
  return `urn:uuid:${stableUuid(`Questionnaire/${instrument.id}`)}`;
}

/**
 * A Questionnaire's version: a digest of what a response is read against (its questions, their
 * codes and answers, in order), so a practice's questionnaire edited later gets a new version.
 */
export function questionnaireVersion(instrument: Instrument): string {
  const content = instrument.items.map((item) => [
    item.id,
    item.text,
    item.loinc ?? null,
    optionsOf(instrument, item).map((o) => [o.value, o.label, o.loinc ?? null]),
  ]);
  const digest = crypto
    .createHash('sha256')
    .update(JSON.stringify([instrument.name, instrument.loinc?.panel ?? null, content]))
    .digest('hex');
  return digest.slice(0, 12);
}

/** An answer as the Questionnaire offers it and a response gives it: a LOINC answer code, else its score. */
function answerValue(option: AnswerOption) {
  return option.loinc
    ? { valueCoding: { system: 'http://loinc.org', code: option.loinc, display: option.label } }
    : { valueInteger: option.value };
}

/** Words with their other languages (the R4 translation extension), for a string's `_<name>`. */
function translations(texts: ReadonlyArray<{ language: string; text: string }>, original: string) {
  const other = texts.filter((t) => t.text !== original);
  return other.length === 0
    ? undefined
    : {
        extension: other.map((t) => ({
          url: 'http://hl7.org/fhir/StructureDefinition/translation',
          extension: [
            { url: 'lang', valueCode: t.language },
            { url: 'content', valueString: t.text },
          ],
        })),
      };
}

/**
 * The Questionnaire a response is answered against, in the Bundle itself: Hearth's linkIds (the
 * instrument's item ids), each a `choice` whose answerOptions are exactly what responses answer.
 */
function questionnaire(instrument: Instrument, url: string, version: string) {
  const languages = languagesOf(instrument).map((language) => readIn(instrument, language));
  return {
    resourceType: 'Questionnaire',
    id: stableUuid(`Questionnaire/${instrument.id}|${version}`),
    url,
    version,
    // R4 que-0: a name a machine can use (starts with a capital, then letters, digits and _).
    name: `Hearth_${instrument.id.replace(/[^A-Za-z0-9]/g, '_')}`,
    title: instrument.name,
    status: 'active',
    subjectType: ['Patient'],
    language: originalLanguage(instrument),
    description: instrument.stem,
    copyright: instrument.licence,
    code: [
      instrument.loinc
        ? { system: 'http://loinc.org', code: instrument.loinc.panel }
        : { system: HEARTH_FHIR.instrumentCodes, code: instrument.id },
    ],
    item: instrument.items.map((item) => {
      const texts = languages.map((read) => ({
        language: read.language,
        text: read.items.find((i) => i.id === item.id)!.text,
      }));
      const _text = translations(texts, item.text);
      return {
        linkId: item.id,
        ...(item.loinc && { code: [{ system: 'http://loinc.org', code: item.loinc }] }),
        text: item.text,
        ...(_text && { _text }),
        type: 'choice',
        answerOption: optionsOf(instrument, item).map(answerValue),
      };
    }),
  };
}

/** One sent form, decrypted, with the person it is about. */
export interface ExportedForm {
  id: string;
  /** The person's membership of the practice (not of one group). */
  personId: string;
  name: string;
  instrument: Instrument;
  answers: Answers;
  total: number | null;
  band: string | null;
  /** The language the member read the questions in (BCP-47). */
  language: string;
  authored: string;
}

const SURVEY = [
  {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' },
    ],
  },
];
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const score = (value: number) => ({ value, unit: 'score', system: 'http://unitsofmeasure.org', code: '{score}' });

/**
 * A group's sent forms as a FHIR R4 Bundle: a Patient per person, a Questionnaire per instrument
 * (version) used, which every response's `questionnaire` names, a QuestionnaireResponse per form
 * and an Observation per score (the total, and each part such as the PHQ-4's GAD-2 and PHQ-2, with
 * whether it is a positive screen), all referring to the Patient. A form sent with questions left
 * out is "stopped" (partly answered, and it will not change) and lists the missing questions as
 * items without an answer (decision 0022).
 */
export function fhirBundle(
  forms: readonly ExportedForm[],
  now: Date,
  /** People to include as a Patient even when they sent no form (a person's own archive). */
  patients: ReadonlyArray<Pick<ExportedForm, 'personId' | 'name'>> = [],
) {
  const entry: object[] = [];
  const people = new Set<string>();
  const addPatient = ({ personId, name }: Pick<ExportedForm, 'personId' | 'name'>) => {
    if (people.has(personId)) return;
    people.add(personId);
    entry.push({
      fullUrl: `urn:uuid:${personId}`,
      resource: {
        resourceType: 'Patient',
        id: personId,
        identifier: [{ system: HEARTH_FHIR.personIdentifier, value: personId }],
        name: [{ text: name }],
      },
    });
  };
  const questionnaires = new Set<string>();
  const addQuestionnaire = (instrument: Instrument) => {
    const canonical = `${questionnaireUrl(instrument)}|${questionnaireVersion(instrument)}`;
    if (questionnaires.has(canonical)) return canonical;
    questionnaires.add(canonical);
    const resource = questionnaire(instrument, questionnaireUrl(instrument), questionnaireVersion(instrument));
    entry.push({ fullUrl: `urn:uuid:${resource.id}`, resource });
    return canonical;
  };
  patients.forEach(addPatient);
  for (const form of forms) {
    const patient = `urn:uuid:${form.personId}`;
    addPatient(form);
    const { instrument, answers } = form;
    const canonical = addQuestionnaire(instrument);
    const scored = scoreAnswers(instrument, answers);
    // The questions and answers as the member read them; codes and values are the same in every language.
    const read = readIn(instrument, form.language);
    const missing = new Set(scored.missing);
    const response = `urn:uuid:${form.id}`;
    const subject = { reference: patient };
    entry.push({
      fullUrl: response,
      resource: {
        resourceType: 'QuestionnaireResponse',
        id: form.id,
        // The Questionnaire in this Bundle, by its canonical and version (never LOINC's: see questionnaireUrl).
        questionnaire: canonical,
        status: scored.complete ? 'completed' : 'stopped',
        subject,
        authored: form.authored,
        language: read.language,
        // By item code, in the instrument's order: never by position in the stored answers.
        item: instrument.items
          .filter((item) => answers[item.id] !== undefined || missing.has(item.id))
          .map((item) => {
            const option = optionsOf(instrument, item).find((o) => o.value === answers[item.id]);
            return {
              linkId: item.id,
              // The question as the member read it; a LOINC answer keeps LOINC's own display (Coding.display
              // is the code system's), so only the question's words follow the language.
              text: read.items.find((i) => i.id === item.id)!.text,
              ...(option && { answer: [answerValue(option)] }),
            };
          }),
      },
    });
    const observation = (key: string, rest: object) => ({
      fullUrl: `urn:uuid:${stableUuid(`Observation/${form.id}/${key}`)}`,
      resource: {
        resourceType: 'Observation',
        status: 'final',
        category: SURVEY,
        ...rest,
        subject,
        effectiveDateTime: form.authored,
        derivedFrom: [{ reference: response }],
      },
    });
    if (form.total !== null) {
      const band = bandWithStatement(instrument, form.band);
      entry.push(
        observation('total', {
          code: {
            coding: [
              instrument.loinc
                ? {
                    system: 'http://loinc.org',
                    code: instrument.loinc.total,
                    // A FHIR validator checks a LOINC display against LOINC's own names.
                    display: instrument.loinc.totalName ?? `${instrument.shortName} total score`,
                  }
                : {
                    system: HEARTH_FHIR.instrumentCodes,
                    code: instrument.id,
                    display: `${instrument.shortName} score`,
                  },
            ],
          },
          valueQuantity: score(form.total),
          ...(band && { interpretation: [{ text: band }] }),
        }),
      );
    }
    for (const part of scored.subscales) {
      if (part.total === null) continue;
      const cut = instrument.subscales?.find((s) => s.id === part.id)?.positiveAt;
      entry.push(
        observation(part.id, {
          code: {
            coding: [
              { system: HEARTH_FHIR.partCodes, code: `${instrument.id}/${part.id}`, display: `${part.name} score` },
            ],
          },
          valueQuantity: score(part.total),
          ...(cut !== undefined && {
            interpretation: [
              {
                coding: [
                  part.positive
                    ? { system: INTERPRETATION, code: 'POS', display: 'Positive' }
                    : { system: INTERPRETATION, code: 'NEG', display: 'Negative' },
                ],
                text: part.positive
                  ? `Positive screen (${cut} or more). ${part.suggests ?? ''}`.trim()
                  : `Below the screening cut-off of ${cut}.`,
              },
            ],
          }),
        }),
      );
    }
  }
  return { resourceType: 'Bundle', type: 'collection', timestamp: now.toISOString(), entry };
}
