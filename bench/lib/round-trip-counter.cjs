/**
 * Preloaded (`node -r`) into the product's processes by the engine benchmark when
 * BENCH_ROUND_TRIPS_DIR is set: counts the SQL statements each process sends through `pg` (every
 * Client#query is one round trip) and the explicit transactions among them, and keeps the totals
 * in `<dir>/<pid>.json`, so the bench can tell round trips per command for the API and the
 * workers apart. Plain CommonJS: it must load before, and without, the TypeScript toolchain.
 */
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_ROUND_TRIPS_DIR;
if (dir) {
  const { Client } = require('pg');
  const file = join(dir, `${process.pid}.json`);
  const totals = { statements: 0, transactions: 0 };
  let written = -1;
  const write = () => {
    if (written === totals.statements) return;
    written = totals.statements;
    writeFileSync(file, JSON.stringify(totals));
  };
  const original = Client.prototype.query;
  Client.prototype.query = function counted(...args) {
    const first = args[0];
    const text = typeof first === 'string' ? first : first && first.text;
    if (typeof text === 'string') {
      totals.statements += 1;
      if (/^\s*(START TRANSACTION|BEGIN)\b/i.test(text)) totals.transactions += 1;
    }
    return original.apply(this, args);
  };
  write();
  setInterval(write, 100).unref();
  process.on('exit', write);
}
