// Lint with type information: the rules that catch real bugs (floating promises,
// unsafe any) need the type checker, so the project's tsconfig is used.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // web/ is browser code type-checked by web/tsconfig.json (make lint); bench/ui/page-probe.js is plain
  // browser JavaScript injected into the page as is, outside any TypeScript project.
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'build/**',
      'web/**',
      'image/**',
      'packer/**',
      'rootfs/**',
      'bench/ui/page-probe.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // fastify handlers and interface methods are async by contract even when they need no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests parse JSON from real HTTP responses; asserting on `any` there is the point.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
