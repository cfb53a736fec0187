import { kamkorConfig } from '@kamkor/eslint-config';

const onlyThroughTheGuard = 'Open a user’s workbook with openWorkbook / openWorkbookReader (open-workbook.ts): they check it by real inflation first.';

export default [
  ...kamkorConfig(),
  {
    // One way in: exceljs reads a workbook only in open-workbook.ts, after checkXlsx.
    files: ['src/**/*.ts'],
    ignores: ['src/open-workbook.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read environment variables through the env module only.' },
        { selector: "CallExpression[callee.property.name='load'][callee.object.property.name='xlsx']", message: onlyThroughTheGuard },
        { selector: "NewExpression[callee.property.name='WorkbookReader']", message: onlyThroughTheGuard },
      ],
    },
  },
];
