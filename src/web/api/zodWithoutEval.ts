// Zod for the web app: every `import … from 'zod'` in the build resolves here (vite.config.ts), so
// zod parses without `new Function` before any schema exists. The CSP forbids eval, and even
// zod's probe for it is reported as a violation; zod decides per schema as it is built.
import { z } from 'zod/v4';

z.config({ jitless: true });

export * from 'zod/v4';
