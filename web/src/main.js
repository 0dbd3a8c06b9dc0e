// The playground page: files as tabs in a CodeMirror editor, linted as you
// type by the engine in a Web Worker, findings as underlines and as a
// list, fixes, settings, and share links (src/share.js).
import { EditorState } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching } from '@codemirror/language';
import { nginx } from '@codemirror/legacy-modes/mode/nginx';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { searchKeymap } from '@codemirror/search';
import seed from '../../testdata/examples/sidecar.conf';
import { encodeState, decodeFragment } from './share.js';

const DEBOUNCE_MS = 250;
const $ = (id) => document.getElementById(id);

// ---- the worker ----------------------------------------------------------

const worker = new Worker('worker.js');
let nextId = 1;
const pending = new Map();
worker.onmessage = (ev) => {
  const { id, resp, ms } = ev.data;
  const p = pending.get(id);
  if (p) {
    pending.delete(id);
    p({ resp, ms });
  }
};
worker.onerror = (ev) => setStatus('The engine did not load: ' + (ev.message || 'worker error'), true);

// call sends one request to the engine and resolves with {resp, ms, roundTrip}.
function call(req) {
  const id = nextId++;
  const t0 = performance.now();
  return new Promise((resolve) => {
    pending.set(id, (r) => resolve({ ...r, roundTrip: performance.now() - t0 }));
    worker.postMessage({ id, req });
  });
}

// ---- state ---------------------------------------------------------------

// files: [{name, state: EditorState}]; files[0] is the main file.
let files = [];
let active = 0;
let findings = [];
let lintSeq = 0;
let lintTimer = 0;
let info = null;

const extensions = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightActiveLine(),
  drawSelection(),
  history(),
  bracketMatching(),
  syntaxHighlighting(defaultHighlightStyle),
  lintGutter(),
  keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
  EditorView.contentAttributes.of({ 'aria-label': 'nginx configuration' }),
  EditorView.updateListener.of((u) => {
    if (u.docChanged) scheduleLint();
  }),
];

const view = new EditorView({ parent: $('editor') });

const nginxLanguage = StreamLanguage.define(nginx);
const yamlLanguage = StreamLanguage.define(yaml);

// newState is a tab's editor state: nginx, or YAML for the .nginx-lint.yaml
// tab that configures the lint.
function newState(name, text) {
  const language = /\.ya?ml$/.test(name) ? yamlLanguage : nginxLanguage;
  return EditorState.create({ doc: text, extensions: [...extensions, language] });
}

function currentFiles() {
  syncActive();
  return files.map((f) => ({ name: f.name, text: f.state.doc.toString() }));
}

function syncActive() {
  if (files[active]) files[active].state = view.state;
}

function settings() {
  const s = {};
  const v = $('nginx-version').value.trim();
  if (v) s.nginxVersion = v;
  const mods = [...document.querySelectorAll('#modules input:checked')].map((c) => c.value);
  if (mods.length) s.modules = mods;
  if ($('plus').checked) s.plus = true;
  if ($('loopback').value) s.loopback = $('loopback').value;
  if ($('unsafe').checked) s.unsafe = true;
  return s;
}

function fixAllLabel() {
  $('fix-all').textContent = $('unsafe').checked ? 'Apply all fixes (unsafe too)' : 'Apply all safe fixes';
}

function applySettings(s) {
  $('nginx-version').value = s.nginxVersion || '';
  const mods = new Set(s.modules || []);
  for (const c of document.querySelectorAll('#modules input')) c.checked = mods.has(c.value);
  updateModulesSummary();
  $('plus').checked = !!s.plus;
  $('loopback').value = s.loopback || '';
  $('unsafe').checked = !!s.unsafe;
  fixAllLabel();
}

function load(state) {
  files = state.files.map((f) => ({ name: f.name, state: newState(f.name, f.text) }));
  active = Math.min(state.active || 0, files.length - 1);
  view.setState(files[active].state);
  applySettings(state.settings || {});
  renderTabs();
  lintNow();
}

// ---- tabs ----------------------------------------------------------------

function renderTabs() {
  const bar = $('tabs');
  bar.replaceChildren();
  files.forEach((f, i) => {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.id = 'tab-' + i;
    tab.className = 'tab';
    tab.textContent = f.name;
    tab.setAttribute('aria-selected', String(i === active));
    tab.setAttribute('aria-controls', 'editor');
    tab.tabIndex = i === active ? 0 : -1;
    const n = findings.filter((x) => x.file === f.name).length;
    if (n) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = String(n);
      badge.setAttribute('aria-label', n + (n === 1 ? ' finding' : ' findings'));
      tab.append(' ', badge);
    }
    tab.onclick = () => switchTo(i);
    tab.onkeydown = (ev) => {
      const d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
      if (d) {
        ev.preventDefault();
        switchTo((active + d + files.length) % files.length);
        $('tab-' + active).focus();
      }
    };
    bar.append(tab);
  });
  $('close-file').disabled = active === 0;
  $('editor').setAttribute('aria-labelledby', 'tab-' + active);
}

function switchTo(i) {
  if (i === active) return;
  syncActive();
  active = i;
  view.setState(files[i].state);
  renderTabs();
}

function addTab(name, text) {
  if (files.some((f) => f.name === name)) {
    setStatus(`A tab named ${name} is already open.`, true);
    return false;
  }
  syncActive();
  files.push({ name, state: newState(name, text) });
  active = files.length - 1;
  view.setState(files[active].state);
  renderTabs();
  view.focus();
  scheduleLint();
  return true;
}

$('add-file').onsubmit = (ev) => {
  ev.preventDefault();
  const name = $('new-file').value.trim();
  if (!name) return;
  if (addTab(name, '')) $('new-file').value = '';
};

// The configuration file, as `nginx-lint config init` writes it.
$('add-config').onclick = () => addTab('.nginx-lint.yaml', info ? info.configTemplate : '');

$('close-file').onclick = () => {
  if (active === 0) return;
  files.splice(active, 1);
  active = Math.min(active, files.length - 1);
  view.setState(files[active].state);
  renderTabs();
  lintNow();
};

// ---- lint ----------------------------------------------------------------

function scheduleLint() {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(lintNow, DEBOUNCE_MS);
}

let shown = []; // the files whose findings are on screen
let linting = false;
let lintAgain = false;

// lintNow lints the files as they are now. One lint is in flight at a
// time: a request made meanwhile runs once that one is answered, with the
// text of that moment, so a slow lint never queues up stale work.
async function lintNow() {
  clearTimeout(lintTimer);
  if (linting) {
    lintAgain = true;
    return;
  }
  linting = true;
  try {
    await lintOnce();
  } finally {
    linting = false;
  }
  if (lintAgain) {
    lintAgain = false;
    await lintNow();
  }
}

async function lintOnce() {
  const seq = ++lintSeq;
  const sent = currentFiles();
  const { resp, ms, roundTrip } = await call({ op: 'lint', files: sent, settings: settings() });
  if (resp.error) {
    setStatus(resp.error, true);
    return;
  }
  // Show only results that match the text on screen; an edit since then
  // has scheduled another lint.
  const now = currentFiles();
  if (now.length !== sent.length || now.some((f, i) => f.text !== sent[i].text || f.name !== sent[i].name)) return;
  findings = resp.findings || [];
  showDiagnostics();
  renderFindings();
  renderTabs();
  const n = findings.length;
  setStatus(`${n === 0 ? 'No findings' : n === 1 ? '1 finding' : n + ' findings'} · engine ${ms.toFixed(1)} ms, round trip ${roundTrip.toFixed(1)} ms`);
  shown = sent;
  document.body.dataset.lintSeq = String(seq);
}

function showDiagnostics() {
  syncActive();
  files.forEach((f, i) => {
    const len = f.state.doc.length;
    const diags = findings
      .filter((x) => x.file === f.name)
      .map((x) => ({
        from: Math.min(x.from, len),
        to: Math.min(Math.max(x.to, x.from), len),
        severity: x.severity === 'error' ? 'error' : x.severity === 'warning' ? 'warning' : 'info',
        source: x.rule,
        message: [x.message, ...(x.notes || [])].join('\n'),
        actions: usableFixes(x).map((fx) => ({ name: fx.safe ? 'Fix' : 'Fix (unsafe)', apply: () => applyFix(fx) })),
      }));
    const tr = setDiagnostics(f.state, diags);
    if (i === active) {
      view.dispatch(tr);
      f.state = view.state;
    } else {
      f.state = f.state.update(tr).state;
    }
  });
}

// usableFixes are a finding's fixes the page offers: safe ones, and
// unsafe ones when the unsafe switch is on.
function usableFixes(x) {
  return (x.fixes || []).filter((fx) => fx.safe || $('unsafe').checked);
}

function settled() {
  return JSON.stringify(shown) === JSON.stringify(currentFiles());
}

// applyFix applies a fix's edits, whose offsets are those of the text
// the findings were shown for.
function applyFix(fx) {
  if (!settled()) {
    setStatus('The text changed since these findings: apply the fix again once they are updated.', true);
    scheduleLint();
    return;
  }
  const byFile = new Map();
  for (const e of fx.edits) {
    if (!byFile.has(e.file)) byFile.set(e.file, []);
    byFile.get(e.file).push({ from: e.from, to: e.to, insert: e.text });
  }
  for (const [name, changes] of byFile) {
    const i = files.findIndex((f) => f.name === name);
    if (i < 0) continue;
    if (i === active) {
      view.dispatch({ changes });
      files[i].state = view.state;
    } else {
      files[i].state = files[i].state.update({ changes }).state;
    }
  }
  lintNow();
}

$('fix-all').onclick = async () => {
  const { resp } = await call({ op: 'fix', files: currentFiles(), settings: settings() });
  if (resp.error) {
    setStatus(resp.error, true);
    return;
  }
  for (const f of resp.files || []) {
    const i = files.findIndex((x) => x.name === f.name);
    if (i < 0) continue;
    const st = i === active ? view.state : files[i].state;
    const tr = st.update({ changes: { from: 0, to: st.doc.length, insert: f.text } });
    if (i === active) {
      view.dispatch(tr);
      files[i].state = view.state;
    } else {
      files[i].state = tr.state;
    }
  }
  await lintNow();
  const fixed = resp.fixed || 0;
  setStatus(`${fixed === 1 ? '1 fix' : fixed + ' fixes'} applied · ${$('status').textContent}`);
};

// ---- the findings list ---------------------------------------------------

function renderFindings() {
  const list = $('findings');
  list.replaceChildren();
  $('findings-count').textContent = String(findings.length);
  findings.forEach((x, i) => {
    const li = document.createElement('li');
    li.className = 'finding sev-' + x.severity;
    li.dataset.rule = x.rule;

    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'goto';
    go.dataset.index = String(i);
    const where = document.createElement('span');
    where.className = 'where';
    where.textContent = `${x.file || '?'}:${x.line}:${x.column}`;
    const sev = document.createElement('span');
    sev.className = 'sev';
    sev.textContent = x.severity;
    const rule = document.createElement('code');
    rule.className = 'rule';
    rule.textContent = x.rule;
    const msg = document.createElement('span');
    msg.className = 'message';
    msg.textContent = x.message;
    go.append(where, ' ', sev, ' ', rule, ' ', msg);
    go.onclick = () => reveal(x);
    go.onkeydown = (ev) => {
      const d = ev.key === 'ArrowDown' ? 1 : ev.key === 'ArrowUp' ? -1 : 0;
      if (d) {
        ev.preventDefault();
        const next = list.querySelector(`.goto[data-index="${i + d}"]`);
        if (next) next.focus();
      }
    };
    li.append(go);

    const more = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'Notes and rule documentation';
    more.append(summary);
    if (x.notes && x.notes.length) {
      const notes = document.createElement('ul');
      notes.className = 'notes';
      for (const n of x.notes) {
        const item = document.createElement('li');
        item.textContent = n;
        notes.append(item);
      }
      more.append(notes);
    }
    if (x.related && x.related.length) {
      const rel = document.createElement('ul');
      rel.className = 'related';
      rel.setAttribute('aria-label', 'Related places');
      for (const r of x.related) {
        const item = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'related-goto';
        b.textContent = `${r.file || '?'}:${r.line}:${r.column}: ${r.message}`;
        b.onclick = () => reveal(r);
        item.append(b);
        rel.append(item);
      }
      more.append(rel);
    }
    const explain = document.createElement('button');
    explain.type = 'button';
    explain.className = 'explain';
    explain.textContent = `Explain ${x.rule}`;
    const doc = document.createElement('pre');
    doc.className = 'doc';
    doc.hidden = true;
    explain.onclick = async () => {
      if (doc.hidden && !doc.textContent) {
        const { resp } = await call({ op: 'explain', rule: x.rule });
        doc.textContent = resp.error || resp.doc;
      }
      doc.hidden = !doc.hidden;
      explain.setAttribute('aria-expanded', String(!doc.hidden));
    };
    explain.setAttribute('aria-expanded', 'false');
    more.append(explain, doc);
    li.append(more);

    const hidden = (x.fixes || []).length - usableFixes(x).length;
    if (hidden > 0) {
      const hint = document.createElement('p');
      hint.className = 'fix-hint';
      hint.textContent = hidden === 1 ? 'It has an unsafe fix: turn on Unsafe fixes to see it.' : `It has ${hidden} unsafe fixes: turn on Unsafe fixes to see them.`;
      li.append(hint);
    }
    if (x.ignore) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'ignore';
      b.textContent = 'Ignore on this line';
      b.title = `Insert # nginx-lint:ignore ${x.rule} above the line; then write why in place of "reason"`;
      b.onclick = () => ignore(x);
      li.append(b);
    }
    for (const fx of usableFixes(x)) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fix';
      b.textContent = (fx.safe ? 'Apply fix: ' : 'Apply unsafe fix: ') + fx.message;
      b.onclick = () => applyFix(fx);
      li.append(b);
    }
    list.append(li);
  });
}

// ignore inserts the finding's ignore comment and selects its "reason"
// placeholder for the user to replace.
function ignore(x) {
  const e = x.ignore;
  applyFix({ edits: [e] });
  const at = e.from + e.text.lastIndexOf('reason');
  reveal({ file: e.file, from: at, to: at + 'reason'.length });
}

function reveal(x) {
  const i = files.findIndex((f) => f.name === x.file);
  if (i < 0) return;
  switchTo(i);
  const len = view.state.doc.length;
  view.dispatch({ selection: { anchor: Math.min(x.from, len), head: Math.min(x.to, len) }, scrollIntoView: true });
  view.focus();
}

function setStatus(text, bad) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('bad', !!bad);
}

// ---- settings ------------------------------------------------------------

function updateModulesSummary() {
  const n = document.querySelectorAll('#modules input:checked').length;
  $('modules-summary').textContent = n ? `Modules (${n})` : 'Modules';
}

$('unsafe').addEventListener('change', fixAllLabel);
for (const id of ['nginx-version', 'plus', 'loopback', 'unsafe']) {
  $(id).addEventListener('change', () => lintNow());
}
$('nginx-version').addEventListener('input', scheduleLint);
$('modules').addEventListener('change', () => {
  updateModulesSummary();
  lintNow();
});

async function loadInfo() {
  const { resp } = await call({ op: 'info' });
  info = resp.info;
  $('nginx-version').placeholder = `newest (${info.newest})`;
  const box = $('modules-list');
  for (const m of info.modules) {
    const label = document.createElement('label');
    const c = document.createElement('input');
    c.type = 'checkbox';
    c.value = m.name;
    label.append(c, ' ', m.title);
    box.append(label);
  }
}

// ---- share links ---------------------------------------------------------

$('share').onclick = async () => {
  const frag = await encodeState({ files: currentFiles(), settings: settings(), active });
  window.history.replaceState(null, '', '#' + frag);
  const link = $('share-link');
  link.value = location.href;
  link.hidden = false;
  link.select();
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('Share link copied. It holds the config itself: nothing is sent to a server.');
  } catch {
    setStatus('Share link ready (copy it from the box). It holds the config itself: nothing is sent to a server.');
  }
};

async function fromLocation() {
  try {
    const state = await decodeFragment(location.hash);
    if (state) return state;
  } catch (e) {
    setStatus(e.message, true);
  }
  return { files: [{ name: 'nginx.conf', text: seed }], settings: {}, active: 0 };
}

window.addEventListener('hashchange', async () => {
  const state = await decodeFragment(location.hash).catch((e) => (setStatus(e.message, true), null));
  if (state) load(state);
});

// A hook for the browser test and for scripting: lint files without
// touching the page, and measure the round trip through the worker.
window.nginxLintPlayground = {
  lint: (files, s = {}) => call({ op: 'lint', files, settings: s }),
  files: currentFiles,
  // settled: the findings on screen are those of the text on screen.
  settled,
  view,
};

(async () => {
  await loadInfo();
  load(await fromLocation());
  document.body.dataset.ready = 'true';
})();
