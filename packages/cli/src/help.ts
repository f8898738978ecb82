import { ELB_WAIT_DEFAULTS } from '@jobwait/elb-classic';

import type { HelpTopic } from './args.js';
import { formatDurationFlag as flag } from './duration.js';
import { WEBHOOK_FLUSH_MS } from './webhook.js';

const { timeoutMs, initialDelayMs, minDelayMs, maxDelayMs } = ELB_WAIT_DEFAULTS;

const MAIN = `Usage: jobwait <command> [flags]

Waits for a long-running cloud job and exits with a code that says how it ended.

Commands:
  elb-classic wait <job-id>   wait for a classic ELB job (Huawei Cloud, Open Telekom Cloud,
                              Flexible Engine)
  simulate --scenario FILE    serve a simulated classic ELB jobs API on loopback, for tests
                              and demos

Flags:
  -h, --help      show help, whatever else is given: this overview, or with a command
                  its own (\`jobwait elb-classic wait --help\`)
      --version   print the version

Run \`jobwait elb-classic wait --help\` for flags, environment and exit codes, and
\`jobwait simulate --help\` for the simulator.
`;

const ELB_CLASSIC_WAIT = `Usage: jobwait elb-classic wait <job-id> [--project-id ID]
         (--endpoint URL | --cloud huaweicloud|otc|flexibleengine) [--region REGION]
         [--signing access|credential] [--timeout DURATION] [--output json|text]
         [--reporter console|log|none] [--log-level LEVEL] [--quiet | --verbose]
         [--webhook URL [--webhook-events LIST]]

Polls GET {endpoint}/v1.0/{project_id}/jobs/{job_id} until the job succeeds or fails.
Progress goes to stderr; the final job goes to stdout. Credentials come from the
environment only (see below).

Flags:
      --project-id ID     the project (tenant) id of the job; else from the environment
      --endpoint URL      the API's base URL, such as https://elb.eu-de.otc.t-systems.com
      --cloud CLOUD       huaweicloud, otc or flexibleengine; derives the endpoint from the
                          region
      --region REGION     the region, such as eu-de or cn-north-4; else from the environment
      --signing FORM      the AK/SK signature's form: access (default; Access=AK) or
                          credential (the older Credential=AK/date/region/elb/sdk_request,
                          which needs a region); only with access keys
      --timeout DURATION  give up after this long (default ${flag(timeoutMs)})
  -o, --output FORMAT     json (default): the final job as JSON; text: a short summary
      --reporter NAME     how progress goes to stderr: console (lines for people), log
                          (NDJSON records) or none; default console on a terminal, log
                          elsewhere
      --log-level LEVEL   the log's lowest level: trace, debug, info (default), warn,
                          error, fatal or silent; implies --reporter log
  -q, --quiet             print no progress, only errors and warnings (--reporter none)
  -v, --verbose           also print retries, failed polls and delays (with the log:
                          level debug)
      --webhook URL       also POST the events to this http: or https: URL, signed with
                          the secret in JOBWAIT_WEBHOOK_SECRET (Standard Webhooks)
      --webhook-events LIST
                          the events to send, comma-separated, of wait:start, backoff,
                          poll:start, retry, poll:end, state:change, settled
                          (default state:change,settled)
  -h, --help              show this help, whatever else is given before any --

Advanced flags (timing; defaults suit the API):
      --initial-delay DURATION  before the first poll (default ${flag(initialDelayMs)})
      --min-delay DURATION      least time between polls (default ${flag(minDelayMs)})
      --max-delay DURATION      most time between polls (default ${flag(maxDelayMs)})

Each flag that takes a value may be given once.

A DURATION has units ms, s, m, h (1500ms, 90s, 10m, 1m30s, 1.5h) and comes to whole
milliseconds: --timeout and --max-delay from 1ms, --initial-delay and --min-delay from 0,
all to 24 days (576h). A number without a unit is milliseconds and, unless it is 0, draws a
warning on stderr: --timeout 600 is 0.6 seconds.

Credentials come from the environment only, never from flags. The first kind set wins:
  1. an IAM token, sent as X-Auth-Token, from the first set of
       JOBWAIT_AUTH_TOKEN, HW_AUTH_TOKEN, OS_AUTH_TOKEN
  2. an access key pair that signs each request (SDK-HMAC-SHA256, see --signing), from
     the first family set, each with its optional security token:
       HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN
       HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN
       OS_ACCESS_KEY, OS_SECRET_KEY, OS_SECURITY_TOKEN
  3. a password sign-in to IAM for a token of the project, from the first family set:
       HW_USER_NAME, HW_USER_PASSWORD
       OS_USERNAME (or OS_USER_NAME), OS_PASSWORD
     with the account name from HW_DOMAIN_NAME, OS_DOMAIN_NAME, OS_USER_DOMAIN_NAME or
     OS_PROJECT_DOMAIN_NAME, and IAM's URL from HW_AUTH_URL or OS_AUTH_URL (else the one
     that --cloud and the region derive)
A pair with one half set is a usage error, whichever kind would win; so is a credential
flag (--token, --sk, --password, ...).

Project and region (a flag wins; else the first variable set):
  --project-id  HUAWEICLOUD_SDK_PROJECT_ID, HW_PROJECT_ID, OS_PROJECT_ID, OS_TENANT_ID
  --region      HW_REGION_NAME, OS_REGION_NAME

Other environment:
  NO_COLOR                when set and not empty, progress has no colours
  JOBWAIT_WEBHOOK_SECRET  the base64 secret (whsec_...) that signs --webhook messages

Every value of the token, secret key, security token, password and webhook secret
variables, and each token IAM issues, is written as [redacted] wherever it would appear.

With --webhook, the command goes on delivering for up to ${flag(WEBHOOK_FLUSH_MS)} after the wait;
messages it could not deliver are told in one warning line and do not change the exit code.

Exit codes:
  0    the job succeeded
  1    the job failed; the provider's code and reason are printed, and the failed job
       goes to stdout
  2    usage error: a missing or bad flag, an invalid id or endpoint, no credentials or a
       pair set by half. Nothing was sent
  3    timed out: the deadline (--timeout) passed before the job reached a final state;
       the last error, if any, is named on stderr
  4    any other error: network, authentication (401, 403, a refused sign-in), a malformed
       answer, a job not found, a job in an unknown state
  130  interrupted by SIGINT (Ctrl-C)
  143  terminated by SIGTERM

A signal stops the wait, not the job: the cloud goes on with it.
`;

const SIMULATE = `Usage: jobwait simulate --scenario FILE --port N [--host HOST]

Serves the classic ELB jobs API, GET /v1.0/{project_id}/jobs/{job_id}, on a loopback address,
from a scenario file: its project, token, jobs with their timelines, faults and throttling
(see "The simulator" in the README of @jobwait/elb-classic; an example ships there as
scenarios/example.json). Once it listens, it prints one JSON line on stdout, such as
  {"url":"http://127.0.0.1:8080","projectId":"3f0c…","jobIds":["ff80…"]}
and serves until SIGINT (Ctrl-C) or SIGTERM; then it closes every connection.

Flags:
      --scenario FILE  the scenario, a JSON file (required)
      --port N         the port, 0 to 65535 (required); 0 picks a free one, which the JSON
                       line tells
      --host HOST      a loopback address: 127.0.0.1 (default), another in 127.0.0.0/8,
                       ::1 or localhost
  -h, --help           show this help, whatever else is given before any --

Exit codes:
  2    usage error: a missing or bad flag, a scenario file that cannot be read, is not
       JSON or is not a valid scenario (the message names the field)
  4    any other error, such as a port in use
  130  stopped by SIGINT (Ctrl-C)
  143  stopped by SIGTERM
`;

const PAGES: Readonly<Record<HelpTopic, string>> = {
  jobwait: MAIN,
  'elb-classic wait': ELB_CLASSIC_WAIT,
  simulate: SIMULATE,
};

/** The help page of `topic`, ending with a newline. */
export function helpText(topic: HelpTopic): string {
  return PAGES[topic];
}
