import { findTemplateReferences, renderTemplate, TemplateError } from '../../../src/engine/render-template';
import { buildScope } from './build-scope';

/** Renders and expects a TemplateError; returns it for further checks. */
function renderError(value: unknown, scope = buildScope(), path?: string): TemplateError {
  try {
    renderTemplate(value, scope, path);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('renderTemplate', () => {
  describe('placeholders', () => {
    it('substitutes dotted paths into a string', () => {
      expect(renderTemplate('{{ labels.namespace }}/{{ params.deployment }}', buildScope())).toBe('prod/checkout');
    });

    it('allows any whitespace inside the braces, or none', () => {
      expect(renderTemplate('{{labels.namespace}}-{{   run.id\t}}', buildScope())).toBe('prod-run_1');
    });

    it('reaches annotations, commonLabels, incident and step outputs', () => {
      const text = '{{ annotations.summary }}|{{ commonLabels.alertname }}|{{ incident.correlationId }}|{{ steps.check.output.status }}';
      expect(renderTemplate(text, buildScope())).toBe('checkout crash-loops|KubePodCrashLooping|group-1|degraded');
    });

    it('reads array elements by index', () => {
      expect(renderTemplate('{{ steps.check.output.pods.1 }}', buildScope())).toBe('a-2');
    });

    it('leaves text without placeholders alone, including a lone }}', () => {
      expect(renderTemplate('sum(rate(x[5m])) }} done', buildScope())).toBe('sum(rate(x[5m])) }} done');
    });
  });

  describe('deep values', () => {
    it('renders every string leaf of nested objects and arrays and keeps keys, numbers and booleans', () => {
      const value = {
        with: { namespace: '{{ labels.namespace }}', args: ['rollout', 'restart', 'deploy/{{ params.deployment }}'], replicas: 3, force: false },
        '{{ labels.namespace }}': 'key untouched',
      };
      expect(renderTemplate(value, buildScope())).toEqual({
        with: { namespace: 'prod', args: ['rollout', 'restart', 'deploy/checkout'], replicas: 3, force: false },
        '{{ labels.namespace }}': 'key untouched',
      });
    });

    it('does not change the input value', () => {
      const value = { with: { url: '{{ labels.namespace }}' } };
      renderTemplate(value, buildScope());
      expect(value).toEqual({ with: { url: '{{ labels.namespace }}' } });
    });

    it('keeps null and undefined leaves as they are', () => {
      expect(renderTemplate({ a: null, b: undefined }, buildScope())).toEqual({ a: null, b: undefined });
    });
  });

  describe('types', () => {
    it('keeps the type of a value when the string is exactly one placeholder', () => {
      expect(renderTemplate('{{ steps.check.output.value }}', buildScope())).toBe(7);
      expect(renderTemplate('{{ steps.check.output.healthy }}', buildScope())).toBe(false);
      expect(renderTemplate('{{ steps.check.output.pods }}', buildScope())).toEqual(['a-1', 'a-2']);
    });

    it('JSON-encodes non-strings embedded in longer text', () => {
      expect(renderTemplate('value={{ steps.check.output.value }} ok={{ steps.check.output.healthy }}', buildScope())).toBe('value=7 ok=false');
      expect(renderTemplate('detail: {{ steps.check.output.detail }}', buildScope())).toBe('detail: {"ready":1}');
    });

    it('returns a copy of an object value, so an action mutating its input cannot change a step output', () => {
      const scope = buildScope();
      const pods = renderTemplate('{{ steps.check.output.pods }}', scope) as string[];
      pods.push('injected');
      expect(scope.steps.check!.output.pods).toEqual(['a-1', 'a-2']);
    });
  });

  describe('missing values are errors, never ""', () => {
    it('names the template, the missing path and where the leaf sits', () => {
      const err = renderError({ with: { url: 'https://{{ labels.cluster }}/api' } });
      expect(err).toMatchObject({ kind: 'missing', template: 'https://{{ labels.cluster }}/api', reference: 'labels.cluster', path: 'with.url' });
      expect(err.message).toContain('labels.cluster');
      expect(err.message).toContain('with.url');
    });

    it('locates leaves inside arrays and under non-identifier keys', () => {
      expect(renderError({ with: { args: ['x', '{{ params.nope }}'] } }).path).toBe('with.args[1]');
      expect(renderError({ headers: { 'x-api-key': '{{ params.nope }}' } }).path).toBe('headers["x-api-key"]');
    });

    it('prefixes the path with where the value sits when the caller says so', () => {
      expect(renderError({ url: '{{ params.nope }}' }, buildScope(), 'with').path).toBe('with.url');
    });

    it('treats null as missing', () => {
      expect(renderError('{{ steps.check.output.none }}')).toMatchObject({ kind: 'missing', reference: 'steps.check.output.none' });
    });

    it('treats the output of a step that has not run as missing', () => {
      expect(renderError('{{ steps.restart.output.status }}').reference).toBe('steps.restart.output.status');
    });

    it('does not index into strings', () => {
      expect(renderError('{{ labels.namespace.length }}').kind).toBe('missing');
    });
  });

  describe('prototype paths are never resolved', () => {
    it.each(['{{ labels.__proto__ }}', '{{ labels.constructor }}', '{{ labels.hasOwnProperty }}', '{{ steps.check.output.pods.length }}', '{{ labels.toString }}'])(
      '%s is missing',
      (template) => {
        expect(renderError(template).kind).toBe('missing');
      },
    );

    it('does not resolve __proto__ even when JSON.parse made it an own key', () => {
      const labels = JSON.parse('{"__proto__": "x", "namespace": "prod"}') as Record<string, string>;
      expect(renderError('{{ labels.__proto__ }}', buildScope({ labels })).kind).toBe('missing');
    });

    it.each(['{{ constructor }}', '{{ process.env.HOME }}', '{{ this }}', '{{ globalThis.process }}'])('%s names no scope field and is refused', (template) => {
      expect(renderError(template).kind).toBe('syntax');
    });
  });

  describe('hostile label values are data', () => {
    it.each(['$(reboot)', '`reboot`', '; rm -rf /', '../../etc/passwd', '"; DROP TABLE runs; --', '{{ labels.severity }}', '{{ constructor }}'])(
      'renders %j verbatim and does not render it again',
      (hostile) => {
        const scope = buildScope({ labels: { namespace: hostile, severity: 'critical' } });
        expect(renderTemplate('ns={{ labels.namespace }}', scope)).toBe(`ns=${hostile}`);
        expect(renderTemplate({ args: ['-n', '{{ labels.namespace }}'] }, scope)).toEqual({ args: ['-n', hostile] });
      },
    );
  });

  describe('malformed templates', () => {
    it.each([
      ['{{ }}', 'empty placeholder'],
      ['{{ labels.namespace', 'unclosed'],
      ['{{ labels.a {{ labels.b }}', 'unclosed'],
      ['{{ labels.namespace | upper }}', 'invalid placeholder'],
      ['{{ labels["namespace"] }}', 'invalid placeholder'],
      ['{{ labels..namespace }}', 'invalid placeholder'],
      ['{{ lables.namespace }}', 'unknown name lables'],
    ])('refuses %s (%s)', (template, reason) => {
      const err = renderError({ with: { x: template } });
      expect(err).toMatchObject({ kind: 'syntax', template, path: 'with.x' });
      expect(err.message).toContain(reason);
    });
  });
});

describe('findTemplateReferences', () => {
  it('lists every path used, once, in order of first use', () => {
    const value = { lock: '{{ labels.namespace }}/{{ params.deployment }}', with: { args: ['{{ steps.check.output.status }}', '{{labels.namespace}}'], n: 1 } };
    expect(findTemplateReferences(value)).toEqual(['labels.namespace', 'params.deployment', 'steps.check.output.status']);
  });

  it('returns nothing for values without placeholders', () => {
    expect(findTemplateReferences({ a: 'plain', b: [1, true, null] })).toEqual([]);
  });

  it('throws TemplateError for a malformed placeholder, with its location', () => {
    expect(() => findTemplateReferences({ with: { url: '{{ labels.a | upper }}' } })).toThrow(expect.objectContaining({ name: 'TemplateError', path: 'with.url' }));
  });
});
