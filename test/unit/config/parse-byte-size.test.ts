import { parseByteSize } from '../../../src/config/parse-byte-size';

describe('parseByteSize', () => {
  it.each([
    ['5mb', 5 * 1024 * 1024],
    ['512kb', 512 * 1024],
    ['1gb', 1024 ** 3],
    ['1.5MB', 1.5 * 1024 * 1024],
    ['100b', 100],
    ['1048576', 1_048_576],
    ['2MiB', 2 * 1024 * 1024],
    [' 64 kb ', 64 * 1024],
  ])('reads %p as %p bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it('uses binary multiples, as Express body-parser does', () => {
    expect(parseByteSize('1kb')).toBe(1024);
  });

  it.each(['', 'mb', '-5mb', '5 megabytes', '5tb', 'five'])('rejects %p', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});
