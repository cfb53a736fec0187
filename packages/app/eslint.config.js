import { kamkorConfig } from '@kamkor/eslint-config';
export default kamkorConfig({ envFiles: ['src/env.ts'] });
