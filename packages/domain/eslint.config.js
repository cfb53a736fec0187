import { kamkorConfig } from '@kamkor/eslint-config';
export default kamkorConfig();
