// Shared flat config for every workspace package.
import tseslint from 'typescript-eslint';

/** @param {{ envFiles?: string[] }} [options] files allowed to read process.env */
export function kamkorConfig(options = {}) {
  const envFiles = options.envFiles ?? [];
  return tseslint.config(
    { ignores: ['build/**', 'node_modules/**', '.cache/**', 'dist/**', 'public/**'] },
    ...tseslint.configs.recommended,
    {
      rules: {
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/no-explicit-any': 'off',
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
        // Environment variables are read in one validated module per package.
        'no-restricted-syntax': [
          'error',
          {
            selector: "MemberExpression[object.name='process'][property.name='env']",
            message: 'Read environment variables through the env module only.',
          },
        ],
      },
    },
    {
      files: [...envFiles, '**/*.test.ts', '**/*.test.tsx', '**/e2e/**', '**/bench/**', '**/*.config.ts', '**/scripts/**'],
      rules: { 'no-restricted-syntax': 'off' },
    },
  );
}
