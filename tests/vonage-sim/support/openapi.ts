// Vonage's own OpenAPI files as response validators: OpenAPI 3.0 schemas made JSON Schema for ajv.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { missingForTests } from '../../support/ci.js';

/** Vonage's specs in shared/ beside the repository (not vendored in it); VONAGE_OPENAPI_DIR overrides. */
export const SPEC_DIR =
  process.env.VONAGE_OPENAPI_DIR ??
  resolve(import.meta.dirname, '../../../../shared/reference/vonage-openapi');

export type SpecFile = 'verify.yml' | 'verify.v2.yml' | 'messages-olympus.yml' | 'video.yml';

/** Where each file lives for ajv: relative refs such as `common/x.yml#/...` resolve against it. */
const BASE = 'https://vonage-openapi.local/';

export function specsAreAvailable(): boolean {
  return (
    existsSync(join(SPEC_DIR, 'verify.v2.yml')) ||
    missingForTests(`Vonage's OpenAPI files (${SPEC_DIR})`, 'set VONAGE_OPENAPI_DIR to a copy of them')
  );
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/**
 * OpenAPI 3.0 → JSON Schema 2020-12, in place: `nullable` becomes a `null` type; `oneOf` becomes
 * `anyOf`, because Vonage's files list look-alike alternatives (five identical `{message_uuid}`
 * shapes, error bodies without a discriminator) that a strict oneOf could never accept.
 */
function toJsonSchema(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(toJsonSchema);
    return;
  }
  if (!isNode(node)) return;
  if (node.nullable === true && typeof node.type === 'string') node.type = [node.type, 'null'];
  delete node.nullable;
  if (Array.isArray(node.oneOf)) {
    node.anyOf = node.oneOf;
    delete node.oneOf;
  }
  Object.values(node).forEach(toJsonSchema);
}

function loadYaml(file: string): Node {
  const doc: unknown = parse(readFileSync(join(SPEC_DIR, file), 'utf8'), { uniqueKeys: false });
  if (!isNode(doc)) throw new Error(`${file} is not a YAML mapping`);
  toJsonSchema(doc);
  return doc;
}

const unescape = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');
const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Follows a JSON pointer through the document, taking local `$ref`s on the way (responses often are one). */
function resolvePointer(doc: Node, pointer: string): string {
  let node: unknown = doc;
  let at: string[] = [];
  for (const segment of pointer.split('/').slice(1).map(unescape)) {
    while (isNode(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
      at = node.$ref.slice(2).split('/').map(unescape);
      node = at.reduce<unknown>((n, s) => (isNode(n) ? n[s] : undefined), doc);
    }
    if (!isNode(node) || !(segment in node)) throw new Error(`no ${segment} at /${at.join('/')} in the spec`);
    node = node[segment];
    at = [...at, segment];
  }
  return `/${at.map(escape).join('/')}`;
}

let cached: { ajv: Ajv2020.default; docs: Map<string, Node> } | undefined;

function specs() {
  if (cached) return cached;
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const docs = new Map<string, Node>();
  const files = ['verify.yml', 'verify.v2.yml', 'messages-olympus.yml', 'video.yml'];
  const common = existsSync(join(SPEC_DIR, 'common')) ? readdirSync(join(SPEC_DIR, 'common')) : [];
  for (const file of [...files, ...common.map((name) => `common/${name}`)]) {
    const doc = loadYaml(file);
    docs.set(file, doc);
    ajv.addSchema(doc, `${BASE}${file}`);
  }
  cached = { ajv, docs };
  return cached;
}

/** JSON pointer to a response body schema, e.g. responsePointer('/{request_id}', 'post', 400). */
export function responsePointer(
  path: string,
  method: string,
  status: number,
  mediaType = 'application/json',
) {
  return `/paths/${escape(path)}/${method}/responses/${String(status)}/content/${escape(mediaType)}/schema`;
}

/**
 * The schema's complaints about `body` ([] when it conforms). The top level is closed
 * (`unevaluatedProperties: false`), so a field the spec does not name is a complaint too.
 */
export function schemaErrors(file: SpecFile, pointer: string, body: unknown): string[] {
  const { ajv, docs } = specs();
  const doc = docs.get(file);
  if (!doc) throw new Error(`${file} is not loaded`);
  const ref = `${BASE}${file}#${resolvePointer(doc, pointer)}`;
  const key = `closed:${ref}`;
  if (!ajv.getSchema(key)) ajv.addSchema({ $ref: ref, unevaluatedProperties: false }, key);
  const validate = ajv.getSchema(key);
  if (!validate) throw new Error(`cannot compile ${ref}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
