// The stylesheet of the demo sign-in pages: plain CSS, no external fonts or images, WCAG AA
// contrast in light and dark schemes, visible focus rings.
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f3f2f1; --card: #ffffff; --text: #1b1b1b; --muted: #505050; --line: #d2d0ce;
  --accent: #0058ad; --accent-text: #ffffff; --accent-hover: #004a91;
  --banner-bg: #fff4ce; --banner-text: #3d2e00; --banner-line: #e8c95c;
  --error-bg: #fde7e9; --error-text: #8a0b16; --ok: #0b6a0b; --warn: #7a4a00;
  --focus: #1b1b1b;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #1b1a19; --card: #252423; --text: #f3f2f1; --muted: #c8c6c4; --line: #484644;
    --accent: #5aa5f0; --accent-text: #0b0b0b; --accent-hover: #7db8f3;
    --banner-bg: #3d3000; --banner-text: #fff1c2; --banner-line: #7a6410;
    --error-bg: #442126; --error-text: #ffc7cd; --ok: #9ad29a; --warn: #f2c36b;
    --focus: #ffffff;
  }
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
  font-family: "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.45; display: flex; flex-direction: column; align-items: center;
}
.banner {
  width: 100%; background: var(--banner-bg); color: var(--banner-text);
  border-bottom: 1px solid var(--banner-line); padding: .6rem 1rem; text-align: center; font-size: .95rem;
}
.banner strong { font-weight: 600; }
main {
  width: min(30rem, calc(100% - 2rem)); margin: 2.5rem 0 1.5rem; background: var(--card);
  border: 1px solid var(--line); border-radius: .5rem; padding: 2rem 2rem 1.5rem;
  box-shadow: 0 2px 6px rgba(0,0,0,.08);
}
.brand { display: flex; align-items: center; gap: .5rem; font-weight: 600; color: var(--muted); margin: 0 0 1.25rem; }
.brand-mark { display: grid; grid-template-columns: repeat(2, .6rem); gap: 2px; }
.brand-mark span { width: .6rem; height: .6rem; display: block; }
.brand-mark span:nth-child(1) { background: #f25022; } .brand-mark span:nth-child(2) { background: #7fba00; }
.brand-mark span:nth-child(3) { background: #00a4ef; } .brand-mark span:nth-child(4) { background: #ffb900; }
h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 .25rem; }
.subtitle { margin: 0 0 1.25rem; color: var(--muted); }
.subtitle strong { color: var(--text); }
.alert {
  background: var(--error-bg); color: var(--error-text); border-radius: .25rem; padding: .75rem .9rem;
  margin: 0 0 1.25rem; font-size: .95rem; overflow-wrap: anywhere;
}
.alert p { margin: 0; }
.alert .code { font-weight: 600; }
h2 { font-size: 1rem; font-weight: 600; margin: 1.5rem 0 .5rem; }
ul.accounts { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
button.account {
  width: 100%; text-align: left; display: grid; grid-template-columns: 2.5rem 1fr; gap: .15rem .75rem;
  align-items: center; background: transparent; color: inherit; font: inherit; cursor: pointer;
  border: 1px solid var(--line); border-radius: .375rem; padding: .65rem .75rem;
}
button.account:hover { background: color-mix(in srgb, var(--accent) 8%, transparent); border-color: var(--accent); }
button.account.hinted { border-color: var(--accent); border-width: 2px; }
.avatar {
  grid-row: span 3; width: 2.5rem; height: 2.5rem; border-radius: 50%; display: grid; place-items: center;
  background: var(--accent); color: var(--accent-text); font-weight: 600;
}
.account .name { font-weight: 600; display: block; }
.account .upn, .account .secret { display: block; color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
.account code { font-family: Consolas, "Cascadia Mono", ui-monospace, monospace; color: var(--text); }
.tags { grid-column: 2; display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .2rem; }
.tag { font-size: .8rem; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .5rem; color: var(--muted); }
.tag.ok { color: var(--ok); border-color: currentColor; }
.tag.warn { color: var(--warn); border-color: currentColor; }
.session { margin: 0 0 1rem; }
.divider { display: flex; align-items: center; gap: .75rem; color: var(--muted); margin: 1.5rem 0 1rem; font-size: .9rem; }
.divider::before, .divider::after { content: ""; flex: 1; border-top: 1px solid var(--line); }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password], input[type=email] {
  width: 100%; font: inherit; color: inherit; background: transparent; padding: .5rem .6rem;
  border: 1px solid var(--muted); border-radius: .25rem;
}
.actions { display: flex; justify-content: flex-end; gap: .5rem; margin-top: 1.25rem; flex-wrap: wrap; }
button.primary, button.secondary, a.button {
  font: inherit; font-weight: 600; border-radius: .25rem; padding: .5rem 1.25rem; cursor: pointer;
  border: 1px solid var(--accent); text-decoration: none; display: inline-block;
}
button.primary { background: var(--accent); color: var(--accent-text); }
button.primary:hover { background: var(--accent-hover); }
button.secondary, a.button { background: transparent; color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.details { font-size: .85rem; color: var(--muted); margin-top: 1.25rem; overflow-wrap: anywhere; }
.details dt { font-weight: 600; } .details dd { margin: 0 0 .35rem; }
footer { width: min(30rem, calc(100% - 2rem)); color: var(--muted); font-size: .85rem; margin-bottom: 2rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
