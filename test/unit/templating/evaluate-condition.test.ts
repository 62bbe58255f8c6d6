import { compileCondition, ConditionSyntaxError, maxConditionDepth, maxConditionLength } from '../../../src/engine/evaluate-condition';
import { buildScope } from './build-scope';

const holds = (condition: string, scope = buildScope()): boolean => compileCondition(condition)(scope);

/** Compiles and expects a ConditionSyntaxError; returns it for further checks. */
function syntaxError(condition: string): ConditionSyntaxError {
  try {
    compileCondition(condition);
  } catch (err) {
    if (err instanceof ConditionSyntaxError) return err;
    throw err;
  }
  throw new Error(`expected ${condition} to be refused`);
}

describe('compileCondition', () => {
  describe('comparisons', () => {
    it.each([
      ['labels.severity == "critical"', true],
      ["labels.severity == 'critical'", true],
      ['labels.severity != "critical"', false],
      ['steps.check.output.value > 5', true],
      ['steps.check.output.value >= 7', true],
      ['steps.check.output.value < 7', false],
      ['steps.check.output.value <= 6.5', false],
      ['steps.check.output.healthy == false', true],
      ['steps.check.output.none == null', true],
      ['steps.check.output.none != null', false],
    ])('%s is %s', (condition, expected) => {
      expect(holds(condition)).toBe(expected);
    });

    it('compares numeric strings as numbers', () => {
      expect(holds('labels.replicas > 2')).toBe(true);
      expect(holds('labels.replicas == 3.0')).toBe(true);
      expect(holds('labels.replicas < 10')).toBe(true);
    });

    it('compares non-numeric values as text for == and !=', () => {
      expect(holds('steps.check.output.status == "degraded"')).toBe(true);
      expect(holds('labels.namespace != "dev"')).toBe(true);
    });

    it('makes orderings on non-numbers false', () => {
      expect(holds('labels.namespace > "a"')).toBe(false);
      expect(holds('labels.namespace < "z"')).toBe(false);
    });

    it('compares two paths', () => {
      expect(holds('labels.namespace == commonLabels.namespace')).toBe(true);
    });
  });

  describe('missing values', () => {
    it('fail every comparison', () => {
      for (const c of ['labels.cluster == "x"', 'labels.cluster != "x"', 'labels.cluster < 1', 'labels.cluster =~ ".*"', 'labels.cluster !~ "x"', 'labels.cluster in ["x"]']) {
        expect({ c, result: holds(c) }).toEqual({ c, result: false });
      }
    });

    it('equal null', () => {
      expect(holds('labels.cluster == null')).toBe(true);
      expect(holds('null == steps.restart.output.status')).toBe(true);
    });

    it('are not equal to each other', () => {
      expect(holds('labels.cluster == labels.zone')).toBe(false);
    });

    it('make a bare path false', () => {
      expect(holds('steps.restart.output.ok')).toBe(false);
      expect(holds('!steps.restart.output.ok')).toBe(true);
    });
  });

  describe('regex match', () => {
    it('anchors like Alertmanager: =~ "prod" does not match production', () => {
      expect(holds('labels.namespace =~ "prod"', buildScope({ labels: { namespace: 'production' } }))).toBe(false);
      expect(holds('labels.namespace =~ "prod|staging"')).toBe(true);
      expect(holds('labels.namespace =~ "pro"')).toBe(false);
    });

    it('!~ holds when the anchored regex does not match', () => {
      expect(holds('labels.namespace !~ "kube-.*"')).toBe(true);
      expect(holds('labels.namespace !~ "prod"')).toBe(false);
    });

    it('keeps unknown escapes so regexes read naturally', () => {
      expect(holds("labels.replicas =~ '\\d+'")).toBe(true);
    });

    it('tests numbers as text', () => {
      expect(holds('steps.check.output.value =~ "[0-9]"')).toBe(true);
    });

    it('needs a string literal on the right', () => {
      expect(syntaxError('labels.a =~ labels.b').reason).toContain('needs a quoted regex');
    });

    it('refuses an invalid regex at compile time', () => {
      expect(syntaxError('labels.a =~ "prod("')).toMatchObject({ position: 12, reason: expect.stringContaining('invalid regex') });
    });
  });

  describe('in', () => {
    it('holds when the value equals one of the listed literals', () => {
      expect(holds('labels.severity in ["warning", "critical"]')).toBe(true);
      expect(holds("labels.severity in ['info']")).toBe(false);
    });

    it('uses the same equality as == (numeric strings compare as numbers)', () => {
      expect(holds('labels.replicas in [1, 2, 3]')).toBe(true);
    });

    it('can be negated', () => {
      expect(holds('!labels.namespace in ["dev", "test"]')).toBe(true);
    });

    it('takes only literals', () => {
      expect(syntaxError('labels.a in [labels.b]').reason).toContain('expected a string, number, true, false or null');
    });
  });

  describe('boolean logic and precedence', () => {
    it('binds && tighter than ||', () => {
      expect(holds('labels.severity == "critical" || labels.namespace == "dev" && false')).toBe(true);
      expect(holds('(labels.severity == "critical" || labels.namespace == "dev") && false')).toBe(false);
    });

    it('applies ! to the whole comparison', () => {
      expect(holds('!labels.severity == "info"')).toBe(true);
      expect(holds('!labels.severity == "critical"')).toBe(false);
    });

    it('stacks !', () => {
      expect(holds('!!steps.check.output.value > 5')).toBe(true);
    });

    it('treats a bare value as true only when it is true or "true"', () => {
      expect(holds('true')).toBe(true);
      expect(holds('steps.check.output.healthy')).toBe(false);
      expect(holds('labels.auto', buildScope({ labels: { auto: 'true' } }))).toBe(true);
      expect(holds('labels.auto', buildScope({ labels: { auto: 'yes' } }))).toBe(false);
      expect(holds('steps.check.output.value')).toBe(false);
    });

    it('does not chain comparisons', () => {
      expect(syntaxError('1 < 2 < 3')).toMatchObject({ position: 6, reason: expect.stringContaining('do not chain') });
    });
  });

  describe('no access outside the scope', () => {
    it.each(['process.env.HOME == null', 'this == null', 'constructor == null', 'globalThis == null', 'require == null', 'Function == null'])(
      'refuses %s at compile time',
      (condition) => {
        expect(syntaxError(condition)).toMatchObject({ position: 0, reason: expect.stringContaining('unknown name') });
      },
    );

    it.each(['labels.constructor', 'labels.__proto__', 'steps.check.output.pods.length', 'labels.toString'])('treats %s as missing', (path) => {
      expect(holds(`${path} == null`)).toBe(true);
    });

    it.each(['labels.namespace()', 'labels.a = "x"', 'labels.a + 1', '`x`', 'labels["namespace"] == "prod"', 'x => 1'])('has no syntax for %s', (condition) => {
      expect(() => compileCondition(condition)).toThrow(ConditionSyntaxError);
    });
  });

  describe('syntax errors', () => {
    it.each([
      ['', 0, 'empty condition'],
      ['labels.a ==', 11, 'expected a value'],
      ['(labels.a == "x"', 16, 'expected )'],
      ['labels.a == "x")', 15, 'unexpected )'],
      ['labels.a = "x"', 9, 'compare with =='],
      ['labels.a == "x" & true', 16, 'use && or ||'],
      ['labels.a == "unterminated', 12, 'unterminated string'],
      ['labels.a == "x" labels.b', 16, 'unexpected labels.b'],
      ['labels.a in ["x",]', 17, 'expected a string'],
      ['labels.a == #', 12, 'unexpected character'],
    ])('%j fails at %i: %s', (condition, position, reason) => {
      const err = syntaxError(condition);
      expect(err).toMatchObject({ condition, position });
      expect(err.reason).toContain(reason);
      expect(err.message).toContain(`column ${position + 1}`);
    });

    it(`refuses conditions longer than ${maxConditionLength} characters`, () => {
      const long = Array.from({ length: 100 }, () => 'labels.a == "x"').join(' || ');
      expect(syntaxError(long).reason).toContain('longer than');
    });

    it(`refuses nesting deeper than ${maxConditionDepth} levels`, () => {
      expect(syntaxError(`${'('.repeat(maxConditionDepth + 1)}true${')'.repeat(maxConditionDepth + 1)}`).reason).toContain('nested deeper');
      expect(syntaxError(`${'!'.repeat(maxConditionDepth + 1)}true`).reason).toContain('nested deeper');
    });

    it(`accepts nesting up to ${maxConditionDepth} levels`, () => {
      expect(holds(`${'('.repeat(maxConditionDepth)}true${')'.repeat(maxConditionDepth)}`)).toBe(true);
    });
  });

  describe('references', () => {
    it('lists the scope paths the condition reads, once each', () => {
      const condition = compileCondition('steps.check.output.value > 5 && labels.severity in ["critical"] || steps.check.output.value == 0');
      expect(condition.references).toEqual(['steps.check.output.value', 'labels.severity']);
    });
  });

  describe('hostile values are data', () => {
    it('compares a label holding an expression as plain text', () => {
      const scope = buildScope({ labels: { namespace: 'prod" || true || "', severity: 'critical' } });
      expect(holds('labels.namespace == "prod"', scope)).toBe(false);
    });
  });
});
