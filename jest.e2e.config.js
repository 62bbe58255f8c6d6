/** End-to-end tests: real Alertmanager (Debian's prometheus-alertmanager) delivering to a real mendbot. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testTimeout: 120000,
};
