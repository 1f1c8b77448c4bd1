/**
 * The layer order of a PyTorch model with a custom `forward()`, read from the order its calls
 * are evaluated: `x = torch.sigmoid(self.fc1(x))` runs fc1, then the sigmoid. A call runs when
 * its closing parenthesis is reached, so calls are ordered by where they close. Module calls
 * (`self.fc1(x)`, `self.layers(x)` for a whole nn.Sequential) name modules defined in
 * `__init__`; `torch.nn.functional` / `torch` activations (`F.relu`, `torch.sigmoid`,
 * `F.softmax(x, dim=1)`, `F.leaky_relu(x, 0.2)`) become layers of their own. Functional losses
 * (`F.mse_loss`, `F.cross_entropy`, `F.binary_cross_entropy`) are read here too.
 */
import { matchParen } from './pytorch-syntax.js';

/** One step of forward(): a module defined in __init__ (by path) or a functional activation. */
export type ForwardStep = { readonly module: string } | { readonly fn: string; readonly args: string };

const FUNCTIONAL = '(?:torch\\.nn\\.functional|nn\\.functional|F|torch)';

/** The body of `def forward(self, …):` (its indented lines), or undefined. */
function forwardBody(src: string): string | undefined {
  const m = /^([ \t]*)def\s+forward\s*\([^)]*\)[^:\n]*:[ \t]*\n/m.exec(src);
  if (!m) return undefined;
  const indent = m[1]!.length;
  const lines: string[] = [];
  for (const line of src.slice(m.index + m[0].length).split('\n')) {
    if (line.trim() !== '' && (/^[ \t]*/.exec(line)![0].length <= indent)) break;
    lines.push(line);
  }
  return lines.join('\n');
}

/** The calls of forward() in the order they run; undefined when there is no forward(). */
export function forwardSteps(src: string): ForwardStep[] | undefined {
  const body = forwardBody(src);
  if (body === undefined) return undefined;
  const calls: { close: number; step: ForwardStep }[] = [];
  const re = new RegExp(`(?:\\bself\\.(\\w+(?:\\[\\d+\\])?)|\\b${FUNCTIONAL}\\.(\\w+))\\s*\\(`, 'g');
  for (const m of body.matchAll(re)) {
    const open = m.index + m[0].length - 1;
    const close = matchParen(body, open);
    calls.push({ close, step: m[1] !== undefined ? { module: m[1] } : { fn: m[2]!, args: body.slice(open + 1, close) } });
  }
  return calls.sort((a, b) => a.close - b.close).map((c) => c.step);
}

const LOSS_CLASS: Readonly<Record<string, string>> = {
  mse_loss: 'MSELoss', l1_loss: 'L1Loss', cross_entropy: 'CrossEntropyLoss', binary_cross_entropy: 'BCELoss',
  binary_cross_entropy_with_logits: 'BCEWithLogitsLoss', huber_loss: 'HuberLoss', smooth_l1_loss: 'SmoothL1Loss', nll_loss: 'NLLLoss',
  multi_margin_loss: 'MultiMarginLoss',
};

/** A loss called as a function (`F.mse_loss(out, y)`): the loss module it stands for, and its arguments. */
export function functionalLoss(src: string): { torch: string; args: string } | undefined {
  const m = new RegExp(`\\b${FUNCTIONAL}\\.(${Object.keys(LOSS_CLASS).sort((a, b) => b.length - a.length).join('|')})\\s*\\(`).exec(src);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  return { torch: LOSS_CLASS[m[1]!]!, args: src.slice(open + 1, matchParen(src, open)) };
}
