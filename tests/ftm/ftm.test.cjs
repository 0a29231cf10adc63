// ftm.test.cjs - reads Oversight's FtM exports with the official FtM library
// (@alephdata/followthemoney 3.8.4, pinned in package-lock.json).
//
// usage: node ftm.test.cjs STANDARD.jsonl FULL.jsonl MODEL.json
//   STANDARD: `oversight export --ftm standard`: every entity must be read by
//     the stock 3.8.4 model: its schema and every property known, the schema's
//     required properties present, every value a string and, for the types
//     with a closed list (country, topic, language, gender), one of its values,
//     dates in FtM's form, references of entity properties to ids.
//   FULL: `oversight export` (the full model): every entity must be read by the
//     model MODEL (`oversight model --format json`): schema and properties
//     known, every entity property's range and reverse resolvable; the same
//     file must NOT be readable with the stock model (it holds extensions), so
//     the check cannot pass vacuously. Required properties the record lacks are
//     listed (the full export is the record as it is), not failed.
// Prints counts; exits 1 on any refusal.
'use strict';
const fs = require('fs');
const { Model, defaultModel } = require('@alephdata/followthemoney');

const DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$/;
const ID = /^[A-Za-z0-9.\-_:]{1,200}$/;

function lines(path) {
  return fs.readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

// Reads raw with model; returns the reasons it is refused (empty: read).
function refusals(model, raw, strict) {
  const why = [];
  let e;
  try {
    e = model.getEntity(raw);
  } catch (err) {
    return [err.message];
  }
  if (strict) {
    for (const r of e.schema.required) if (!e.hasProperty(r)) why.push(`${e.schema.name} without required ${r}`);
  }
  for (const prop of e.getProperties()) {
    try {
      if (prop.type.name === 'entity') {
        prop.getRange();
        if (prop.hasReverse) prop.getReverse();
      }
    } catch (err) {
      why.push(`${prop.qname}: ${err.message}`);
    }
    if (!strict) continue;
    const values = model.getType(prop.type.name).values;
    for (const v of e.getProperty(prop)) {
      if (typeof v !== 'string') { why.push(`${prop.qname}: a value that is not a string`); continue; }
      if (prop.type.name === 'date' && !DATE.test(v)) why.push(`${prop.qname}: date '${v}'`);
      if (prop.type.name === 'entity' && !ID.test(v)) why.push(`${prop.qname}: reference '${v}'`);
      if (values && values.size && !values.has(v)) why.push(`${prop.qname}: '${v}' is not a ${prop.type.name}`);
    }
  }
  return why;
}

function check(label, model, entities, strict) {
  const reasons = new Map();
  let refused = 0;
  for (const raw of entities) {
    const why = refusals(model, raw, strict);
    if (why.length) refused++;
    for (const w of why) reasons.set(w, (reasons.get(w) || 0) + 1);
  }
  console.log(`${label}: ${entities.length} entities, ${refused} refused`);
  for (const [w, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${n} ${w}`);
  return refused;
}

const [stdPath, fullPath, modelPath] = process.argv.slice(2);
let failed = 0;
const stock = new Model(defaultModel);
const standard = lines(stdPath);
if (standard.length === 0) { console.log('the standard export is empty'); failed++; }
if (check('standard export, stock FtM 3.8.4', stock, standard, true)) failed++;

const published = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
const full = new Model(published);
const everything = lines(fullPath);
if (check('full export, the published model', full, everything, false)) failed++;
// the full export holds extensions: the stock model must refuse some of it
if (!check('full export, stock FtM 3.8.4 (must refuse the extensions)', stock, everything, false)) {
  console.log('the stock model read the full export: the check above would pass on anything');
  failed++;
}
// required properties the record itself lacks, for information
let gaps = 0;
for (const raw of everything) {
  const e = full.getEntity(raw);
  for (const r of e.schema.required) if (!e.hasProperty(r)) gaps++;
}
console.log(`full export: ${gaps} required values the record lacks (not a refusal: the record as it is)`);
// the published model keeps FtM's own schemata as they are
for (const name of Object.keys(defaultModel.schemata)) {
  if (!published.schemata[name]) { console.log(`the published model lacks ${name}`); failed++; }
}
process.exit(failed ? 1 : 0);
