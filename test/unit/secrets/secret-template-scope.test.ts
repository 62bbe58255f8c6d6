import { compileCondition, ConditionSyntaxError } from '../../../src/engine/evaluate-condition';
import { renderTemplate, TemplateError } from '../../../src/engine/render-template';
import { buildRunScope } from '../../../src/engine/run-scope';
import { createSecretSource } from '../../../src/engine/secrets/create-secret-source';
import { renderStepInput } from '../../../src/engine/secrets/render-step-input';
import { secretReferences } from '../../../src/engine/secrets/secret-references';
import { buildRun } from '../runs/build-run';
import { buildScope } from '../templating/build-scope';

const source = createSecretSource({ env: { MENDBOT_SECRET_api_token: 'tok-123', MENDBOT_SECRET_other: 'o-456' } });

describe('secrets in the template scope', () => {
  const template = {
    url: 'https://deployer/api/{{ params.deployment }}?key={{ secrets.api_token }}',
    headers: { Authorization: 'Bearer {{ secrets.api_token }}', 'x-other': '{{ secrets.other }}' },
    count: 3,
  };

  it('gives the action the values and the record the placeholders', () => {
    const rendered = renderStepInput(template, buildScope(), source);
    expect(rendered.input).toEqual({
      url: 'https://deployer/api/checkout?key=tok-123',
      headers: { Authorization: 'Bearer tok-123', 'x-other': 'o-456' },
      count: 3,
    });
    expect(rendered.recorded).toEqual({
      url: 'https://deployer/api/checkout?key={{ secrets.api_token }}',
      headers: { Authorization: 'Bearer {{ secrets.api_token }}', 'x-other': '{{ secrets.other }}' },
      count: 3,
    });
    expect(rendered.secretValues.sort()).toEqual(['o-456', 'tok-123']);
  });

  it('needs no secrets for a step that names none', () => {
    const rendered = renderStepInput({ a: '{{ labels.namespace }}' }, buildScope(), createSecretSource({ env: {} }));
    expect(rendered).toEqual({ input: { a: 'prod' }, recorded: { a: 'prod' }, secretValues: [] });
  });

  it('fails a missing secret like any missing value, naming the placeholder', () => {
    const run = () => renderStepInput({ h: 'Bearer {{ secrets.nope }}' }, buildScope(), source);
    expect(run).toThrow(TemplateError);
    expect(run).toThrow('no value for {{ secrets.nope }} at with.h');
  });

  it('does not re-scan a substituted value: a label that looks like a secret placeholder stays text', () => {
    const scope = buildScope({ labels: { sneaky: '{{ secrets.api_token }}' } });
    expect(renderStepInput({ v: '{{ labels.sneaky }}' }, scope, source).input).toEqual({ v: '{{ secrets.api_token }}' });
  });

  it('accepts only secrets.NAME, one segment', () => {
    expect(() => renderTemplate('{{ secrets.a.b }}', buildScope({ secrets: { a: 'x' } }))).toThrow(/secrets\.NAME/);
    expect(() => renderTemplate('{{ secrets }}', buildScope({ secrets: { a: 'x' } }))).toThrow(/secrets\.NAME/);
    expect(secretReferences({ a: ['{{ secrets.one }} {{ labels.x }}', { b: '{{ secrets.two }}{{ secrets.one }}' }] })).toEqual(['one', 'two']);
  });

  it('keeps secrets out of when: conditions', () => {
    expect(() => compileCondition('secrets.api_token == "tok-123"')).toThrow(ConditionSyntaxError);
  });

  it('gives the run scope placeholders for every secret the playbook names, never values', () => {
    const step = (id: string, w: Record<string, unknown>) => ({ id, action: 'http', with: w, retry: { attempts: 1, backoff: 'fixed' as const, initialMs: 0, maxMs: 0 }, timeoutMs: 1000, compensate: [] });
    const run = buildRun({}, {
      steps: [{ ...step('a', { h: '{{ secrets.api_token }}' }), compensate: [step('a-undo', { h: '{{ secrets.undo }}' })] }],
      onFailure: [step('tell', { h: '{{ secrets.other }}' })],
    });
    const scope = buildRunScope(run);
    expect(scope.secrets).toEqual({ api_token: '{{ secrets.api_token }}', undo: '{{ secrets.undo }}', other: '{{ secrets.other }}' });
    expect(renderTemplate({ h: 'Bearer {{ secrets.api_token }}' }, scope)).toEqual({ h: 'Bearer {{ secrets.api_token }}' });
  });
});
