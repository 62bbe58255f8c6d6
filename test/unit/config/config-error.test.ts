import { ConfigError } from '../../../src/config/config-error';
import { ErrorCode, MendbotError } from '../../../src/core/errors';

describe('ConfigError', () => {
  it('is a MendbotError with code CONFIG_INVALID carrying the problems', () => {
    const error = new ConfigError(['PORT: "x" is not a port number (0-65535); set PORT=8080']);
    expect(error).toBeInstanceOf(MendbotError);
    expect(error.name).toBe('ConfigError');
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.problems).toEqual(['PORT: "x" is not a port number (0-65535); set PORT=8080']);
  });

  it('lists each problem on its own line', () => {
    expect(new ConfigError(['A: bad', 'B: worse']).message).toBe('invalid configuration (2 problems):\n  - A: bad\n  - B: worse');
  });
});
