/**
 * The playground's output panels, each a function from results to DOM: the gradient table, the
 * network diagram and loss curve (the document writer's own SVG drawings), the formula's
 * derivatives (KaTeX), and the worked example with the checker's findings at their lines. User
 * text only ever reaches the page through textContent; HTML comes from KaTeX (trust: false) and
 * the SVG writer, both of which escape what they print.
 */
import { derivative, freeSymbols, parseExpression, summaryLine, toLatex, type Derivation, type Lang, type ParamLayout, type Report } from '../../src/index.js';
import { renderMath } from '../../src/render/doc/katex.js';
import { sayer } from '../../src/render/doc/resolve.js';
import { lossDrawing, toSvg } from '../../src/render/doc/svg.js';
import { symbolText } from '../../src/render/names.js';
import type { Run } from './backends.js';
import { t } from './i18n.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** One row per scalar parameter: its name, value, ∂L/∂θ and value after the steps. */
export function gradTable(target: HTMLElement, layout: ParamLayout, before: ArrayLike<number>, run: Run, steps: number, lang: Lang): void {
  const table = el('table');
  const head = el('tr');
  for (const h of [t(lang, 'parameter'), t(lang, 'value'), '∂L/∂θ', t(lang, 'after', steps)]) head.append(el('th', h));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const e of layout.entries) {
    for (let i = 0; i < e.size; i++) {
      const idx = e.shape.length === 2 ? `[${Math.floor(i / e.shape[1]!)}][${i % e.shape[1]!}]` : e.shape.length === 1 ? `[${i}]` : '';
      const row = el('tr');
      row.append(el('td', `${e.key}${idx}`), el('td', String(before[e.offset + i]), 'r'),
        el('td', e.frozen ? t(lang, 'frozen') : String(run.grad[e.offset + i]), 'r'), el('td', String(run.after[e.offset + i]), 'r'));
      table.tBodies[0]!.append(row);
    }
  }
  target.replaceChildren(table);
}

/** The network diagram from the derivation (its first figure), and the loss curve of the run. */
export function figures(diagram: HTMLElement, curve: HTMLElement, d: Derivation, run: Run, lang: Lang): void {
  const say = sayer(lang);
  const fig = d.doc.blocks.find((b) => b.kind === 'figure' && b.name === 'network');
  diagram.innerHTML = fig && fig.kind === 'figure' ? toSvg(fig.draw(say)) : '';
  curve.innerHTML = run.losses.length > 1 ? toSvg(lossDrawing(run.losses, { x: t(lang, 'step'), y: t(lang, 'loss'), title: t(lang, 'curve') }, 4)) : '';
}

/** ∂f/∂v for every variable of the formula, typeset. */
export function formulaPanel(target: HTMLElement, formula: string): void {
  const f = parseExpression(formula);
  const parts = [renderMath(`f = ${toLatex(f)}`, true)];
  for (const v of freeSymbols(f)) {
    const name = toLatex(v);
    parts.push(renderMath(`\\frac{\\partial f}{\\partial ${name}} = ${toLatex(derivative(f, v))}`, true));
  }
  target.innerHTML = parts.join('\n');
  target.dataset.variables = freeSymbols(f).map((v) => symbolText(v.name)).join(',');
}

/** The worked example line by line, with the checker's findings under their lines. */
export function checkPanel(summary: HTMLElement, list: HTMLElement, text: string, report: Report): void {
  summary.textContent = summaryLine(report.summary);
  const byLine = new Map<number, { severity: string; message: string }[]>();
  for (const f of report.equations.flatMap((e) => e.findings)) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  const items = text.split(/\r?\n/).map((line, i) => {
    const li = el('li', line || ' ');
    const found = byLine.get(i + 1) ?? [];
    if (found.some((f) => f.severity === 'error')) li.className = 'failed';
    else if (found.some((f) => f.severity === 'warning')) li.className = 'warning';
    for (const f of found) li.append(el('span', `${f.severity}: ${f.message}`, 'finding'));
    li.dataset.line = String(i + 1);
    return li;
  });
  list.replaceChildren(...items);
}
