import { buildApp, collectWarnings } from './homelab/app';

const app = buildApp();
for (const warning of collectWarnings(app)) {
  process.stderr.write(`Warning: ${warning}\n`);
}
app.synth();
