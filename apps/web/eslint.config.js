import { kamkorConfig } from '@kamkor/eslint-config';

export default [
  ...kamkorConfig({ envFiles: ['app/env.server.ts'] }),
  {
    files: ['app/routes/**', 'app/components/**', 'app/*.tsx'],
    rules: {
      // Server packages reach routes only through app/db.server.ts and app/excel.server.ts, so the
      // browser bundle never pulls in database drivers or exceljs.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@kamkor/db', message: "Import from '../db.server.ts' instead." },
            { name: '@kamkor/excel', message: "Import from '../excel.server.ts' instead." },
          ],
        },
      ],
    },
  },
];
