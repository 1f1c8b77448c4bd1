/**
 * Reading the model from a tutorial's PyTorch code: the styles tutorials use to build the net and
 * set its weights, the loss, the optimizer and the data, and what is reported when weights are missing.
 */
import { describe, expect, it } from 'vitest';
import { readPytorch } from '../../src/check/pytorch.js';

describe('readPytorch', () => {
  it('reads a class with nn.Sequential attributes and .weight.data = torch.nn.Parameter(torch.Tensor(...))', () => {
    const m = readPytorch([
      'class CustomModel(nn.Module):',
      '    def __init__(self):',
      '        self.layer1 = nn.Sequential(',
      '            nn.Linear(2, 2),',
      '            nn.Sigmoid()',
      '        )',
      '        self.layer2 = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())  # two layers',
      '        self.layer1[0].weight.data = torch.nn.Parameter(',
      '            torch.Tensor([[0.4352, 0.3545],',
      '                          [0.1951, 0.4835]])',
      '        )',
      '        self.layer1[0].bias.data = torch.nn.Parameter(torch.Tensor([-0.1419, 0.0439]))',
      '        self.layer2[0].weight.data = torch.nn.Parameter(torch.Tensor([[-0.1725, 0.1129]]))',
      '        self.layer2[0].bias.data = torch.nn.Parameter(torch.Tensor([-0.3043]))',
      'criterion = nn.BCELoss().to(device)',
      'optimizer = optim.SGD(model.parameters(), lr=1)',
    ].join('\n'))!;
    expect(m.problems).toEqual([]);
    expect(m.layers).toEqual([
      { type: 'linear', in: 2, out: 2, weight: [[0.4352, 0.3545], [0.1951, 0.4835]], bias: [-0.1419, 0.0439] },
      { type: 'sigmoid' },
      { type: 'linear', in: 2, out: 1, weight: [[-0.1725, 0.1129]], bias: [-0.3043] },
      { type: 'sigmoid' },
    ]);
    expect(m.loss).toEqual({ type: 'bce' });
    expect(m.optimizer).toEqual({ type: 'sgd', lr: 1 });
  });

  it('reads attributes set with nn.Parameter(torch.tensor(...)), copy_(), keyword arguments and the data', () => {
    const m = readPytorch([
      'self.fc1 = nn.Linear(in_features=2, out_features=1, bias=False)',
      'self.act = nn.LeakyReLU(negative_slope=0.2)',
      'self.fc1.weight = nn.Parameter(torch.tensor([[1., -.5]]))',
      'loss_fn = nn.MSELoss(reduction="sum")',
      'opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.8, 0.9), weight_decay=1e-4)',
      'x = torch.tensor([[1.0, 2.0]])',
      'y = torch.tensor([0.5])',
    ].join('\n'))!;
    expect(m.problems).toEqual([]);
    expect(m.layers).toEqual([{ type: 'linear', in: 2, out: 1, weight: [[1, -0.5]], bias: false }, { type: 'leaky_relu', negative_slope: 0.2 }]);
    expect(m.loss).toEqual({ type: 'mse', reduction: 'sum' });
    expect(m.optimizer).toEqual({ type: 'adam', lr: 0.01, weight_decay: 1e-4, betas: [0.8, 0.9] });
    expect([m.x, m.y]).toEqual([[[1, 2]], [[0.5]]]);
  });

  it('lists what it cannot read, and finds no model in code without nn modules', () => {
    const m = readPytorch('model = nn.Sequential(nn.Linear(2, 1))\nmodel[0].weight.data = torch.randn(1, 2)\n')!;
    expect(m.problems).toEqual([
      'the weight of model[0] is not given as a literal',
      'the bias of model[0] is not given as a literal',
      'no loss (nn.BCELoss(), nn.MSELoss(), …) in the code',
      'no optimizer (optim.SGD(…, lr=…)) in the code',
    ]);
    expect(readPytorch('import torch\nprint(1)')).toBeUndefined();
  });
});
