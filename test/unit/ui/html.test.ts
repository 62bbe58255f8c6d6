import { escapeHtml } from '../../../src/http/ui/escape-html';
import { html } from '../../../src/http/ui/html';
import { safeHref } from '../../../src/http/ui/safe-href';

describe('console markup', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });

  it('escapes every interpolated value, nests its own results unescaped, and joins arrays', () => {
    const label = '"><script>alert(1)</script>';
    const inner = html`<b>${label}</b>`;
    expect(html`<p title="${label}">${inner}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><b>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b></p>',
    );
    expect(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
    expect(html`${false}${null}${undefined}${0}`.value).toBe('0');
  });

  it('turns only http(s) URLs into links', () => {
    expect(safeHref('https://prometheus.example/graph?g0.expr=up')).toBe('https://prometheus.example/graph?g0.expr=up');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<script>')).toBeUndefined();
    expect(safeHref('/relative')).toBeUndefined();
    expect(safeHref(null)).toBeUndefined();
  });
});
