/** The page's stylesheet: system fonts (no font file to inline), readable from 320 px up, light and dark. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --card: #f6f8fa; --line: #d0d7de;
  --critical: #b42318; --warning: #9a6700; --info: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --card: #161b22; --line: #30363d;
  --critical: #ff7b72; --warning: #d29922; --info: #58a6ff; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0.2em 0; }
h2 { font-size: 1.2rem; margin: 0 0 0.4em; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1em 0 0.4em; }
a { color: var(--info); }
.meta, .muted { color: var(--muted); }
code, .mono, td.msg { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.86em; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 16px 0; min-width: 0; }
section.finding { border-left-width: 6px; }
section.sev-critical { border-left-color: var(--critical); }
section.sev-warning { border-left-color: var(--warning); }
section.sev-info { border-left-color: var(--info); }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 0.8rem; font-weight: 600; color: #fff; vertical-align: middle; }
.badge.critical { background: var(--critical); } .badge.warning { background: var(--warning); } .badge.info { background: var(--info); }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px; margin: 8px 0; }
.stat { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.stat b { display: block; font-size: 1.05rem; }
.stat.wide { grid-column: span 2; }
@media (max-width: 360px) { .stat.wide { grid-column: auto; } }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 12px; }
figure { margin: 10px 0; min-width: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.plot { width: 100%; min-height: 100px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.readout { font-size: 0.85rem; color: var(--muted); min-height: 1.5em; overflow-wrap: anywhere; }
.u-legend { font-size: 0.8rem; text-align: left; } .u-legend .u-marker { border-radius: 50%; }
.u-legend.u-inline tr { margin-right: 12px; }
.u-legend th { font-weight: 500; }
figure.failed .plot { display: none; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--line); }
td { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; }
.scroll { max-height: 420px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table.evidence { table-layout: fixed; }
table.evidence col.t { width: 10.5em; } table.evidence col.h { width: 7em; } table.evidence col.a { width: 8em; } table.evidence col.s { width: 5.5em; }
details > summary { cursor: pointer; color: var(--info); margin: 6px 0; }
nav ol { padding-left: 1.4em; margin: 6px 0; } nav li { margin: 3px 0; overflow-wrap: anywhere; }
.enc { color: var(--warning); font-size: 0.8em; }
@media (max-width: 640px) {
  main { padding: 8px; }
  section { padding: 10px; }
  dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 6px; }
  table.evidence, table.evidence tbody, table.evidence tr, table.evidence td { display: block; width: 100%; }
  table.evidence colgroup, table.evidence thead { display: none; }
  table.evidence tr { border-bottom: 1px solid var(--line); padding: 4px 0; }
  table.evidence td { display: inline-block; width: auto; border: 0; padding: 1px 4px; color: var(--muted); }
  table.evidence td.msg { display: block; color: var(--fg); padding-bottom: 4px; }
}
`;
