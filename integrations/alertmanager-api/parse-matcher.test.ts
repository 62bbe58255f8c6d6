import { formatMatcher } from './format-matcher';
import { parseMatcher } from './parse-matcher';

describe('parseMatcher and formatMatcher', () => {
  it.each([
    ['alertname="HighErrorRate"', { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }],
    ['job=~"api|web"', { name: 'job', value: 'api|web', isRegex: true, isEqual: true }],
    ['env!=staging', { name: 'env', value: 'staging', isRegex: false, isEqual: false }],
    [' pod !~ "canary-.*" ', { name: 'pod', value: 'canary-.*', isRegex: true, isEqual: false }],
    ['msg="say \\"hi\\"\\n"', { name: 'msg', value: 'say "hi"\n', isRegex: false, isEqual: true }],
    ['empty=""', { name: 'empty', value: '', isRegex: false, isEqual: true }],
  ])('reads %s', (text, matcher) => {
    expect(parseMatcher(text)).toEqual(matcher);
  });

  it.each(['alertname', '="x"', '1abc="x"', 'a=="x"', 'job=~"("', 'a="unterminated'])('refuses %s', (text) => {
    expect(parseMatcher(text)).toBeUndefined();
  });

  it('writes matchers back so any value round-trips', () => {
    for (const value of ['plain', 'with "quotes"', 'back\\slash', 'line\nbreak', '']) {
      for (const [isRegex, isEqual] of [[false, true], [false, false], [true, true], [true, false]] as const) {
        const matcher = { name: 'label', value: isRegex ? 'x.*' : value, isRegex, isEqual };
        expect(parseMatcher(formatMatcher(matcher))).toEqual(matcher);
      }
    }
    expect(formatMatcher({ name: 'job', value: 'api|web', isRegex: true, isEqual: false })).toBe('job!~"api|web"');
  });
});
