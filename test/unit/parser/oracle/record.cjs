// Preloaded (NODE_OPTIONS=--require) by replay.mjs: collects every claim the parser tests make
// about nats-server (see `claim` in ../helpers.ts) and appends them, one JSON per line, to the
// file named by NATS_ORACLE_OUT when each test process exits. Without that variable it does nothing.
'use strict';
const fs = require('node:fs');
const out = process.env.NATS_ORACLE_OUT;
if (out) {
  const claims = [];
  globalThis.__natsOracle = claims;
  process.on('exit', () => {
    if (claims.length > 0) fs.appendFileSync(out, claims.map((c) => JSON.stringify(c)).join('\n') + '\n');
  });
}
