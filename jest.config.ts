/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

/*
 * Jest runs in native ESM mode (`node --experimental-vm-modules`), so the ESM-only
 * dependencies (got, p-retry, p-timeout) load exactly as they do in production. @swc/jest
 * strips the TypeScript types and keeps `import`/`export` as they are; type checking is
 * the job of `tsc -b`, which `npm test` runs first.
 */
const packages = ['core', 'elb-classic', 'reporters', 'cli'];

function project(name: string): Config {
  return {
    displayName: `@jobwait/${name}`,
    rootDir: `<rootDir>/packages/${name}`,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleNameMapper: {
      // Sibling packages resolve to their sources, so one package's tests never run
      // against another's stale build.
      '^@jobwait/([a-z-]+)$': '<rootDir>/../$1/src/index.ts',
      '^@jobwait/([a-z-]+)/testing$': '<rootDir>/../$1/src/testing/index.ts',
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
  };
}

const config: Config = {
  rootDir: '.',
  projects: packages.map(project),
  testTimeout: 30_000,
};

export default config;
