/**
 * Where a tutorial's PyTorch code sets the weight or bias of a layer, read without running
 * Python. Four forms, the last one in the code wins: an attribute assignment or copy
 * (`self.fc1.weight.data = torch.tensor([[…]])`, `with torch.no_grad(): fc1.weight.copy_(…)`),
 * a state-dict entry (`model.load_state_dict({'fc1.weight': torch.tensor(…)})`,
 * `sd['0.bias'] = …`, `model.state_dict()['layer1.0.weight'].copy_(…)`), an initializer
 * (`nn.init.constant_(self.fc1.weight, 0.5)`, `zeros_`, `ones_`, `.fill_(0.5)`) that fills the
 * layer's shape, and nothing else (random initialisation is not a value to check against).
 */
import { escapeRe, num, parseList, statement, type Nested } from './pytorch-syntax.js';

/** The state-dict key of a module path: `layer1[0]` → `layer1.0`. */
const keyOf = (path: string): string => path.replace(/\[(\d+)\]/g, '.$1');

const filled = (shape: readonly number[], v: number): Nested =>
  shape.length === 1 ? Array.from({ length: shape[0]! }, () => v) : Array.from({ length: shape[0]! }, () => filled(shape.slice(1), v));

/** The literal list that starts the value at `rest`, when `[` comes right after `=`, `:`, `,` or a call's `(`. */
function valueAfter(rest: string): Nested | undefined {
  const open = rest.indexOf('[');
  if (open < 0) return undefined;
  if (!/(?:^|=|:|,|\()\s*(?:[\w.]+\s*\(\s*)*$/.test(rest.slice(0, open))) return undefined;
  return parseList(rest, open)?.value;
}

/**
 * The value the code gives `<path>.<kind>`; `shape` is [out, in] for a weight, [out] for a bias;
 * a top-level `model = nn.Sequential(…)` also answers to keys that start at the index (`0.weight`).
 */
export function tensorFor(src: string, path: string, kind: 'weight' | 'bias', shape: readonly number[]): Nested | undefined {
  const found: { at: number; value: Nested }[] = [];
  const p = escapeRe(path);
  // attribute: self.fc1.weight = …, model[0].bias.data.copy_(…), net.fc1.weight.copy_(…)
  const attr = new RegExp(`\\b${p}\\.${kind}(?:\\.data)?\\s*(?:=(?!=)|\\.copy_\\s*\\()`, 'g');
  for (const m of src.matchAll(attr)) {
    const value = valueAfter(statement(src, m.index + m[0].length));
    if (value !== undefined) found.push({ at: m.index, value });
  }
  // fill: self.fc1.weight.data.fill_(0.5)
  for (const m of src.matchAll(new RegExp(`\\b${p}\\.${kind}(?:\\.data)?\\.fill_\\s*\\(\\s*([^)]+)\\)`, 'g'))) {
    const v = num(m[1]);
    if (v !== undefined) found.push({ at: m.index, value: filled(shape, v) });
  }
  // initializer: nn.init.constant_(self.fc1.weight, 0.5), torch.nn.init.zeros_(model[0].bias)
  const init = new RegExp(`nn\\.init\\.(constant_|zeros_|ones_)\\s*\\(\\s*(?:[\\w.]+\\.)?${p}\\.${kind}\\s*(?:,\\s*(?:val\\s*=\\s*)?([^)]+))?\\)`, 'g');
  for (const m of src.matchAll(init)) {
    const v = m[1] === 'zeros_' ? 0 : m[1] === 'ones_' ? 1 : num(m[2]);
    if (v !== undefined) found.push({ at: m.index, value: filled(shape, v) });
  }
  // state dict: {'fc1.weight': torch.tensor(…)}, sd["0.bias"] = …, [('fc1.weight', …)]
  const keys = [keyOf(path)];
  const seq = /^(\w+)\.(\d+)$/.exec(keyOf(path));
  if (seq) keys.push(seq[2]!); // a top-level nn.Sequential: keys start at the index
  for (const key of keys) {
    for (const m of src.matchAll(new RegExp(`['"]${escapeRe(key)}\\.${kind}['"]\\s*`, 'g'))) {
      const rest = statement(src, m.index + m[0].length);
      const head = /^\]\s*(?:=(?!=)|\.copy_\s*\()|^[:,]/.exec(rest);
      if (!head) continue;
      const value = valueAfter(rest.slice(head[0].length));
      if (value !== undefined) found.push({ at: m.index, value });
    }
  }
  return found.sort((a, b) => a.at - b.at).at(-1)?.value;
}
