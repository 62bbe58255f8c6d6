/** The console's only stylesheet: light and dark from the system setting, visible keyboard focus. */
export const uiStylesheet = `:root{--bg:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#d6dae0;--panel:#f5f7f9;--link:#0b57d0;
--ok:#1a7f37;--fail:#c62828;--warn:#b35c00;--run:#0b57d0;--wait:#8250df;--skip:#8c959f;--focus:#f0a000;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e6e9ee;--muted:#9aa4b0;--line:#2e353d;--panel:#1a1f25;
--link:#8ab4f8;--ok:#4ac26b;--fail:#ff6b6b;--warn:#f0a040;--run:#6ea8fe;--wait:#b392f0;--skip:#6e7781}}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--fg)}
a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
header.top{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:var(--panel)}
header.top nav{display:flex;gap:1rem;flex:1}header.top .who{color:var(--muted)}
main{padding:1rem;max-width:1200px;margin:0 auto}h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:12px;border:1px solid currentColor;white-space:nowrap}
.b-open,.b-failed,.b-needs_attention,.b-flapping,.b-tripped{color:var(--fail)}.b-resolved,.b-succeeded,.b-compensated{color:var(--ok)}
.b-active,.b-running,.b-pending{color:var(--run)}.b-waiting_approval,.b-paused{color:var(--wait)}.b-cancelled,.b-dry_run,.b-skipped{color:var(--skip)}
.b-missing{color:var(--warn)}
form.inline{display:inline}form.filters{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:.15rem}
input,select,textarea,button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.3rem .5rem}
button{cursor:pointer;background:var(--panel)}button.primary{border-color:var(--ok);color:var(--ok)}button.danger{border-color:var(--fail);color:var(--fail)}
.labels code{display:inline-block;margin:0 .25rem .2rem 0;padding:0 .3rem;background:var(--panel);border-radius:3px;font-size:12px}
pre{background:var(--panel);padding:.5rem;overflow:auto;max-height:16rem;border-radius:4px;font-size:12px}
.axis td.bar{width:55%}.axis svg{width:100%;height:16px;display:block}.axis rect{fill:var(--skip)}
.axis .s-succeeded{fill:var(--ok)}.axis .s-failed{fill:var(--fail)}.axis .s-running{fill:var(--run)}.axis .s-waiting{fill:var(--wait)}
.axis .s-queued{fill:var(--line)}.axis .s-dry_run,.axis .s-skipped{fill:var(--skip)}.axis .p-compensate rect,.axis .p-on_failure rect{opacity:.75}
.axis tr.p-compensate td:first-child,.axis tr.p-on_failure td:first-child{padding-left:1.5rem}
.panel{border:1px solid var(--line);border-radius:6px;padding:.75rem;margin:.75rem 0;background:var(--panel)}
.notice{border-left:4px solid var(--warn);padding:.5rem .75rem;background:var(--panel)}
.pager{margin-top:.75rem}.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem}
`;
