// Imported first by bench/load.ts, before any module that reads these at import time.
// The job loop and the app log a line per job run and request; the load run's own table says more.
process.env.LOG_LEVEL ??= 'error';
// The load run's recording provider listens on 127.0.0.1 (lib/recordings/config.ts).
process.env.RECORDING_ALLOW_PRIVATE_NETWORKS = '1';
// Every virtual user signs in from the same loopback address: the local Auth's per-IP limit on
// sign-in attempts in flight (30, against password guessing) would answer 429 to real users here.
// The per-account limit stays as it is.
process.env.AUTH_RATE_LIMIT_PER_IP ??= '10000';
