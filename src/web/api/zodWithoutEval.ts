// Makes zod parse without `new Function`: the CSP forbids eval, and even zod's probe for it is reported as a violation.
// Imported first by main.ts, because zod decides per schema when the contract modules build their schemas.
import { z } from 'zod';

z.config({ jitless: true });
