/**
 * More ways tutorials write the model in PyTorch: a custom forward() (layer order from its calls,
 * functional activations), weights set through a state dict, nn.init.constant_ / fill_, or
 * copy_ under torch.no_grad(), and functional losses. Expected layers are written from the code
 * by hand (Mazur's 2-2-2 network: w1..w8 = 0.15..0.55, b1 = 0.35, b2 = 0.60).
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/check/index.js';
import { readPytorch } from '../../src/check/pytorch.js';

const W1 = [[0.15, 0.2], [0.25, 0.3]];
const W2 = [[0.4, 0.45], [0.5, 0.55]];
const CLASS = [
  'class Net(nn.Module):',
  '    def __init__(self):',
  '        super().__init__()',
  '        self.fc2 = nn.Linear(2, 2)   # defined first, called last',
  '        self.fc1 = nn.Linear(2, 2)',
  '        self.unused = nn.Tanh()',
  '',
  '    def forward(self, x):',
  '        x = torch.sigmoid(self.fc1(x))',
  '        return F.sigmoid(self.fc2(x))',
  '',
  'net = Net()',
];

describe('a custom forward()', () => {
  it('orders the layers by the calls of forward(), with functional activations, and reads load_state_dict', () => {
    const m = readPytorch([...CLASS,
      "net.load_state_dict({'fc1.weight': torch.tensor([[0.15, 0.20], [0.25, 0.30]]), 'fc1.bias': torch.tensor([0.35, 0.35]),",
      "                     'fc2.weight': torch.tensor([[0.40, 0.45], [0.50, 0.55]]), 'fc2.bias': torch.tensor([0.60, 0.60])})",
      'loss = F.mse_loss(net(x), y)',
      'opt = torch.optim.SGD(net.parameters(), lr=0.5)',
    ].join('\n'))!;
    expect(m.problems).toEqual([]);
    expect(m.layers).toEqual([
      { type: 'linear', in: 2, out: 2, weight: W1, bias: [0.35, 0.35] },
      { type: 'sigmoid' },
      { type: 'linear', in: 2, out: 2, weight: W2, bias: [0.6, 0.6] },
      { type: 'sigmoid' },
    ]);
    expect(m.loss).toEqual({ type: 'mse' });
  });

  it('reads nested calls inside out, a whole nn.Sequential call, F.relu / F.leaky_relu(x, 0.1) / F.softmax and F.cross_entropy', () => {
    const m = readPytorch([
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        self.body = nn.Sequential(nn.Linear(3, 2, bias=False), nn.Sigmoid())',
      '        self.out = nn.Linear(2, 2, bias=False)',
      '        nn.init.constant_(self.body[0].weight, 0.5)',
      '        torch.nn.init.ones_(self.out.weight)',
      '    def forward(self, x):',
      '        h = F.leaky_relu(self.body(x), 0.1)',
      '        return F.softmax(self.out(F.relu(h)), dim=1)',
      'criterion = lambda o, t: torch.nn.functional.cross_entropy(o, t, reduction="sum")',
    ].join('\n'))!;
    expect(m.layers).toEqual([
      { type: 'linear', in: 3, out: 2, weight: [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], bias: false },
      { type: 'sigmoid' },
      { type: 'leaky_relu', negative_slope: 0.1 },
      { type: 'relu' },
      { type: 'linear', in: 2, out: 2, weight: [[1, 1], [1, 1]], bias: false },
      { type: 'softmax' },
    ]);
    expect(m.loss).toEqual({ type: 'cross_entropy', reduction: 'sum' });
  });
});

describe('weights set in other forms', () => {
  it('reads a state_dict entry by key (top-level nn.Sequential keys start at the index), fill_ and no_grad copy_', () => {
    const m = readPytorch([
      'model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1))',
      'sd = model.state_dict()',
      "sd['0.weight'] = torch.tensor([[0.15, 0.20], [0.25, 0.30]])",
      "sd['0.weight'][0, 1] = 0.9   # an entry: not a whole value, ignored",
      'model[0].bias.data.fill_(0.35)',
      'with torch.no_grad():',
      '    model[2].weight.copy_(torch.tensor([[0.40, 0.45]]))',
      "    model.state_dict()['2.bias'].copy_(torch.tensor([0.6]))",
      'model.load_state_dict(sd)',
    ].join('\n'))!;
    expect(m.layers).toEqual([
      { type: 'linear', in: 2, out: 2, weight: W1, bias: [0.35, 0.35] },
      { type: 'sigmoid' },
      { type: 'linear', in: 2, out: 1, weight: [[0.4, 0.45]], bias: [0.6] },
    ]);
    expect(m.problems.filter((p) => !/no (loss|optimizer)/.test(p))).toEqual([]);
  });

  it('the last assignment wins, and an OrderedDict of pairs is read', () => {
    const m = readPytorch([
      'self.fc = nn.Linear(1, 1)',
      'nn.init.constant_(self.fc.weight, 0.1)',
      "self.load_state_dict(OrderedDict([('fc.weight', torch.tensor([[0.7]])), ('fc.bias', torch.tensor([-0.2]))]))",
    ].join('\n'))!;
    expect(m.layers).toEqual([{ type: 'linear', in: 1, out: 1, weight: [[0.7]], bias: [-0.2] }]);
  });
});

describe('a document whose model is a custom forward()', () => {
  // net_h1 = 0.15·0.05 + 0.20·0.10 + 0.35 = 0.3775 and net_h2 = 0.3925 (Mazur); z_2 = 0.4025 is planted wrong.
  const doc = ['```python', ...CLASS,
    'with torch.no_grad():',
    '    net.fc1.weight.copy_(torch.tensor([[0.15, 0.20], [0.25, 0.30]]))',
    '    nn.init.constant_(net.fc1.bias, 0.35)',
    "net.state_dict()['fc2.weight'].copy_(torch.tensor([[0.40, 0.45], [0.50, 0.55]]))",
    'net.fc2.bias.data.fill_(0.6)',
    'x = torch.tensor([[0.05, 0.10]])',
    'y = torch.tensor([[0.01, 0.99]])',
    'loss = F.mse_loss(net(x), y)',
    'opt = optim.SGD(net.parameters(), lr=0.5)',
    '```', '',
    '$$ z_1 = 0.3775 $$', '', '$$ z_2 = 0.4025 $$', ''].join('\n');

  it('checks values against the network it defines', () => {
    const r = checkDocument(doc, 'forward.md');
    expect(r.model.source).toBe('code');
    expect(r.model.notes).toEqual([]);
    expect(r.equations.map((e) => [e.subject, e.status])).toEqual([['z_1', 'passed'], ['z_2', 'failed']]);
  });
});
