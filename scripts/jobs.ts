// npm run jobs -- <job|all> [--org <id>] [--dry-run] [--grace-hours <n>]   (jobs: JOB_NAMES in scripts/lib/run-job.ts)
// Runs the recording pipeline's per-org jobs without Inngest: the same functions the Inngest
// functions call, for one org or every active org. Prints one JSON line per org.
import { parseArgs } from 'node:util';
import { JOB_NAMES, runJob, type JobName } from './lib/run-job.ts';
import { log, setLogSink } from '../lib/observability/log.ts';
import { createServiceClient } from '../lib/supabase/service.ts';
import { isUuid } from '../lib/uuid.ts';
import { serviceConfigFromEnv } from './service-env.ts';

const USAGE = `usage: npm run jobs -- <${[...JOB_NAMES, 'all'].join('|')}> [--org <id>] [--dry-run] [--grace-hours <n>]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    org: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'grace-hours': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

// stdout is this command's output (one JSON result per org); the structured log goes to stderr.
setLogSink((line) => process.stderr.write(line));

const job = positionals[0];
if (values.help || !job || (job !== 'all' && !JOB_NAMES.includes(job as JobName))) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
if (values.org && !isUuid(values.org)) {
  console.error('--org must be an organization id (uuid)');
  process.exit(2);
}
const graceHours = values['grace-hours'] === undefined ? undefined : Number(values['grace-hours']);
if (graceHours !== undefined && !(graceHours >= 0)) {
  console.error('--grace-hours must be a number >= 0');
  process.exit(2);
}

const deps = { client: createServiceClient(serviceConfigFromEnv()), log: (m: string, f?: object) => log.info(f ?? {}, m) };
// "all" runs the sweep in its natural order: reclaim, drain, retry; orphans stay explicit.
const jobs: JobName[] = job === 'all' ? ['stale', 'queue', 'retry'] : [job as JobName];
let failed = false;
for (const name of jobs) {
  const t0 = performance.now();
  const results = await runJob(deps, name, {
    orgId: values.org,
    dryRun: values['dry-run'],
    graceSeconds: graceHours === undefined ? undefined : Math.round(graceHours * 3600),
  });
  for (const r of results) {
    failed ||= 'error' in r;
    console.log(JSON.stringify({ job: name, ...r }));
  }
  console.error(`${name}: ${results.length} org(s) in ${Math.round(performance.now() - t0)} ms`);
}
process.exit(failed ? 1 : 0);
