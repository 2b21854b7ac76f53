// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// class-validator's IsOptional lets `null` through to the services; see common/validation/optional.ts.
const isOptionalBan = {
  name: 'class-validator',
  importNames: ['IsOptional'],
  message: 'Use IsOptional (absent only) or IsNullable from src/common/validation/optional.',
};

/**
 * Imports point one way: entry points (main, worker, cli, workers) -> modules -> workflows, database,
 * queue -> forms -> common, config. A folder may not import the folders above it.
 */
function importsOnlyDownFrom(folders) {
  return {
    'no-restricted-imports': ['error', {
      paths: [isOptionalBan],
      patterns: [{
        group: folders.flatMap((folder) => [`**/${folder}/**`, `**/${folder}`]),
        message: 'Imports point one way (README, Architecture): this folder may not import that one.',
      }],
    }],
  };
}

const entryPoints = ['cli', 'workers', 'main', 'worker', 'app.module'];

export default tseslint.config(
  // web/ is linted like src/ (with its own tsconfig, found by the project service); its generated
  // OpenAPI types are not.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'web/src/api/schema.d.ts', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', { paths: [isOptionalBan] }],
    },
  },
  { files: ['src/modules/**/*.ts'], rules: importsOnlyDownFrom(entryPoints) },
  {
    files: ['src/workflows/**/*.ts', 'src/database/**/*.ts', 'src/queue/**/*.ts', 'src/redis/**/*.ts'],
    rules: importsOnlyDownFrom([...entryPoints, 'modules']),
  },
  {
    files: ['src/forms/**/*.ts'],
    rules: importsOnlyDownFrom([...entryPoints, 'modules', 'workflows', 'database', 'queue', 'redis']),
  },
  {
    files: ['src/common/**/*.ts', 'src/config/**/*.ts'],
    rules: importsOnlyDownFrom([
      ...entryPoints, 'modules', 'workflows', 'database', 'queue', 'redis', 'forms',
    ]),
  },
  {
    files: ['src/common/validation/optional.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Plain CommonJS preloads (the bench's round-trip counter): no TypeScript project, Node's globals.
  {
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: false },
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', module: 'writable', setInterval: 'readonly' },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
