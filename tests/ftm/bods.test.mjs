// bods.test.mjs - validates BODS packages against the BODS 0.4 JSON Schema
// (tests/fixtures/bods/schema, Apache-2.0) with ajv's draft 2020-12 build and
// ajv-formats (dates, date-times, URIs checked).
//
// usage: node bods.test.mjs SCHEMA_DIR valid|invalid FILE...
//   valid: every FILE must validate; invalid: every FILE must be refused.
// The schemas name each other by opaque URNs ("urn:entity",
// "urn:components#/$defs/Country"); fast-uri (ajv's default resolver) cannot
// serialise a URN without a namespace id, so the resolver below treats "urn:"
// ids as opaque names and leaves every other URI to fast-uri.
import fs from 'fs';
import path from 'path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fastUri from 'fast-uri';

const opaque = (u) => typeof u === 'string' && u.startsWith('urn:');
const urnResolver = {
  parse(u) {
    if (!opaque(u)) return fastUri.parse(u);
    const i = u.indexOf('#');
    return i < 0 ? { urn: u } : { urn: u.slice(0, i), fragment: u.slice(i + 1) };
  },
  serialize(p) {
    return p.urn !== undefined ? p.urn + (p.fragment !== undefined ? '#' + p.fragment : '') : fastUri.serialize(p);
  },
  resolve(base, ref) {
    if (opaque(ref)) return ref;
    if (!opaque(base)) return fastUri.resolve(base, ref);
    const b = base.split('#')[0];
    return ref === '' ? b : ref.startsWith('#') ? b + ref : ref;
  },
};

const [dir, expect, ...files] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: false, allErrors: true, uriResolver: urnResolver });
addFormats(ajv);
for (const f of ['components.json', 'entity-record.json', 'person-record.json', 'relationship-record.json'])
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(dir, 'statement.json'), 'utf8')));
let failed = 0;
for (const file of files) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ok = validate(data);
  const n = Array.isArray(data) ? data.length : 1;
  if (ok && expect === 'valid') {
    console.log(`${file}: ${n} statements, valid`);
  } else if (!ok && expect === 'invalid') {
    console.log(`${file}: refused as expected: ${validate.errors[0].instancePath} ${validate.errors[0].message}`);
  } else {
    failed++;
    console.log(`${file}: ${ok ? 'valid, expected to be refused' : 'invalid'}`);
    for (const e of (validate.errors || []).slice(0, 10)) console.log(`  ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(failed ? 1 : 0);
