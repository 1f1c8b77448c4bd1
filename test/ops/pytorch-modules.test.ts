/**
 * The checker's PyTorch reader knows every catalog activation by its torch.nn class, with
 * keyword or positional parameters and string options (nn.GELU(approximate='tanh')).
 */
import { describe, expect, it } from 'vitest';
import { readPytorch } from '../../src/check/pytorch.js';

describe('readPytorch: catalog activations', () => {
  it('reads GELU, SiLU, ELU, ReLU6, Hardtanh and LeakyReLU with their parameters', () => {
    const m = readPytorch([
      'model = nn.Sequential(nn.Linear(2, 2), nn.GELU(approximate="tanh"), nn.SiLU(), nn.ELU(alpha=0.5),',
      '                      nn.ReLU6(), nn.Hardtanh(-2, 2), nn.LeakyReLU(0.2), nn.GELU(), nn.ReLU())',
    ].join('\n'))!;
    expect(m.layers.slice(1)).toEqual([
      { type: 'gelu', approximate: 1 }, { type: 'silu' }, { type: 'elu', alpha: 0.5 }, { type: 'relu6' },
      { type: 'hardtanh', min_val: -2, max_val: 2 }, { type: 'leaky_relu', negative_slope: 0.2 },
      { type: 'gelu', approximate: 0 }, { type: 'relu' },
    ]);
  });
});
