// Node-RED settings for the intake benchmark's second "parse and answer" peer: one flow (flows.json next to
// this file) that parses the webhook JSON (the http-in node's body parser, limit as mendbot's default) and
// answers 200 {"ok":true}. No editor, no admin API, warnings only; the port comes from PORT.
const path = require('node:path');

module.exports = {
  uiHost: '127.0.0.1',
  uiPort: Number(process.env.PORT),
  flowFile: path.join(__dirname, 'flows.json'),
  flowFilePretty: true,
  credentialSecret: false,
  httpAdminRoot: false,
  disableEditor: true,
  httpNodeRoot: '/',
  apiMaxLength: '5mb',
  logging: { console: { level: 'warn', metrics: false, audit: false } },
  editorTheme: { tours: false },
  externalModules: { autoInstall: false },
  telemetry: { enabled: false },
};
