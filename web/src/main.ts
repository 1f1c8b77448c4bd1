/**
 * The symgrad playground: three editors (a network file, a formula, a worked example) and live
 * outputs — the loss and gradient table on the chosen backend, the network diagram and loss
 * curve, the formula's derivatives, the checker's findings at their lines, and the derivation
 * document (KaTeX) in English or Korean with downloads. All state lives in the URL (state.ts).
 * Stable hooks for tests: data-symgrad="loss" | "derivation" | "check-summary" | "backend".
 */
import 'katex/dist/katex.min.css';
import { check, derive, flattenParams, loadNetwork, paramLayout, SymgradError, type Format } from '../../src/index.js';
import { htmlBody } from '../../src/render/doc/html.js';
import seedNet from '../../derivations/seed-2-2-1/network.yaml?raw';
import seedDoc from '../../examples/forward-backward-propagation.ko.md?raw';
import { backendIds, runOn } from './backends.js';
import { download } from './downloads.js';
import { translatePage, t } from './i18n.js';
import { checkPanel, figures, formulaPanel, gradTable } from './panels.js';
import { readState, writeState, type State } from './state.js';

const DEFAULTS: State = {
  net: seedNet,
  formula: 'z = w*x + b; s = sigmoid(z); L = -(y*log(s) + (1 - y)*log(1 - s))',
  doc: seedDoc,
  lang: 'en',
  backend: 'js',
  steps: 20,
};

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const hook = (name: string) => $(`[data-symgrad="${name}"]`);
const editors = { net: $<HTMLTextAreaElement>('#net'), formula: $<HTMLTextAreaElement>('#formula'), doc: $<HTMLTextAreaElement>('#doc') };
const controls = { lang: $<HTMLSelectElement>('#lang'), backend: $<HTMLSelectElement>('#backend'), steps: $<HTMLInputElement>('#steps') };

let state = readState(location.search, DEFAULTS);
let derivation: ReturnType<typeof derive> | undefined;

for (const id of backendIds()) controls.backend.append(new Option(id, id));

function show(s: State): void {
  editors.net.value = s.net;
  editors.formula.value = s.formula;
  editors.doc.value = s.doc;
  controls.lang.value = s.lang;
  controls.backend.value = s.backend;
  controls.steps.value = String(s.steps);
}

function read(): State {
  const steps = Number(controls.steps.value);
  return {
    net: editors.net.value, formula: editors.formula.value, doc: editors.doc.value,
    lang: controls.lang.value === 'ko' ? 'ko' : 'en', backend: controls.backend.value,
    steps: Number.isInteger(steps) && steps >= 1 && steps <= 10_000 ? steps : DEFAULTS.steps,
  };
}

const errors: string[] = [];
/** Run one part; a user's mistake is shown as its one-line message, never thrown. */
function attempt(part: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    errors.push(`${part}: ${e instanceof SymgradError ? e.format() : e instanceof Error ? e.message : String(e)}`);
  }
}

let generation = 0;
async function update(): Promise<void> {
  const mine = ++generation;
  const s = state;
  errors.length = 0;
  translatePage(s.lang);
  attempt(t(s.lang, 'network'), () => {
    const spec = loadNetwork(s.net);
    derivation = derive(spec, { steps: Math.max(1, Math.min(s.steps, 1000)) });
    hook('derivation').innerHTML = htmlBody(derivation.doc, s.lang);
    (async () => {
      const run = await runOn(s.backend, spec, s.steps);
      if (mine !== generation) return;
      hook('loss').textContent = String(run.loss);
      hook('backend').textContent = `${t(s.lang, 'ran')}: ${run.ran}${run.note ? ` — ${run.note}` : ''}`;
      hook('backend').dataset.ran = run.ran.split(' ')[0];
      gradTable($('#grad-table'), paramLayout(spec), flattenParams(spec), run, s.steps, s.lang);
      figures($('#diagram'), $('#curve'), derivation!, run, s.lang);
    })().catch((e: unknown) => showErrors([`${t(s.lang, 'backend')}: ${(e as Error).message}`]));
  });
  attempt(t(s.lang, 'formula'), () => formulaPanel($('#formula-out'), s.formula));
  attempt(t(s.lang, 'example'), () => checkPanel(hook('check-summary'), $('#check-lines'), s.doc, check(s.doc, { file: 'example.md' })));
  showErrors(errors);
}

function showErrors(list: readonly string[]): void {
  const box = $('#error');
  box.hidden = list.length === 0;
  box.textContent = list.join('\n');
}

let timer: ReturnType<typeof setTimeout> | undefined;
function changed(): void {
  clearTimeout(timer);
  timer = setTimeout(() => {
    state = read();
    history.replaceState(null, '', writeState(state));
    void update();
  }, 250);
}

for (const e of [...Object.values(editors), controls.steps]) e.addEventListener('input', changed);
for (const e of [controls.lang, controls.backend]) e.addEventListener('change', changed);
for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-format]')) {
  b.addEventListener('click', () => {
    if (derivation) void download(derivation, b.dataset.format as Format, state.lang).catch((e: unknown) => showErrors([(e as Error).message]));
  });
}

show(state);
history.replaceState(null, '', writeState(state));
void update();
