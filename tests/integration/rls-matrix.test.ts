// RLS matrix on the test stack's database (see tests/helpers/rls-matrix.ts for what it proves).
import { stackEnv } from '../helpers/clients.ts';
import { defineRlsMatrix } from '../helpers/rls-matrix.ts';

defineRlsMatrix(() => stackEnv().dbUrl);
