import { kamkorConfig } from '@kamkor/eslint-config';
export default kamkorConfig({ envFiles: ['app/env.server.ts'] });
