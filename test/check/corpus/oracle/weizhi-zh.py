"""Oracle for weizhi-zh: 2-2-2 sigmoid, no bias, ½Σ squared error, lr = 1. The hidden-layer
gradients are computed by the chain rule; the program's formula (d_w5 + d_w6)·… is printed too."""
from common import claim, report, sig

D = 'weizhi-zh'
w1, w2, w3, w4, w5, w6, w7, w8 = 0.2, -0.4, 0.5, 0.6, 0.1, -0.5, -0.3, 0.8
x1, x2, y1, y2 = 0.5, 0.3, 0.23, -0.07
h1 = sig(w1 * x1 + w3 * x2)
h2 = sig(w2 * x1 + w4 * x2)
o1 = sig(w5 * h1 + w7 * h2)
o2 = sig(w6 * h1 + w8 * h2)
err = 0.5 * (o1 - y1) ** 2 + 0.5 * (o2 - y2) ** 2
d1 = (o1 - y1) * o1 * (1 - o1)          # ∂E/∂in_o1
d2 = (o2 - y2) * o2 * (1 - o2)
g5, g7, g6, g8 = d1 * h1, d1 * h2, d2 * h1, d2 * h2
e1 = (d1 * w5 + d2 * w6) * h1 * (1 - h1)  # ∂E/∂in_h1
e2 = (d1 * w7 + d2 * w8) * h2 * (1 - h2)
g1, g3, g2, g4 = e1 * x1, e1 * x2, e2 * x1, e2 * x2
prog = {  # the program's own hidden-layer formulas
    'd_w1': (g5 + g6) * h1 * (1 - h1) * x1, 'd_w3': (g5 + g6) * h1 * (1 - h1) * x2,
    'd_w2': (g7 + g8) * h2 * (1 - h2) * x1, 'd_w4': (g7 + g8) * h2 * (1 - h2) * x2,
}
print('program formulas:', {k: round(v, 6) for k, v in prog.items()})
print('true gradients: g1..g4 =', [round(v, 6) for v in (g1, g2, g3, g4)])
claim(D, '$out_{h1} = 0.56$', '0.56', h1, 'out_h1')
claim(D, '$out_{h2} = 0.5$', '0.5', h2, 'out_h2')
claim(D, '$out_{o1} = 0.48$', '0.48', o1, 'out_o1')
claim(D, '$out_{o2} = 0.53$', '0.53', o2, 'out_o2')
claim(D, '$error = 0.21$', '0.21', err, 'error')
claim(D, '$d_{w1} = 0.01$', '0.01', g1, '∂E/∂w1 (program prints %.6f)' % prog['d_w1'])
claim(D, '$d_{w2} = 0.01$', '0.01', g2, '∂E/∂w2 (program prints %.6f)' % prog['d_w2'])
claim(D, '$d_{w3} = 0.01$', '0.01', g3, '∂E/∂w3 (program prints %.6f)' % prog['d_w3'])
claim(D, '$d_{w4} = 0.01$', '0.01', g4, '∂E/∂w4 (program prints %.6f)' % prog['d_w4'])
claim(D, '$d_{w5} = 0.03$', '0.03', g5, '∂E/∂w5')
claim(D, '$d_{w6} = 0.08$', '0.08', g6, '∂E/∂w6')
claim(D, '$d_{w7} = 0.03$', '0.03', g7, '∂E/∂w7')
claim(D, '$d_{w8} = 0.07$', '0.07', g8, '∂E/∂w8')
claim(D, '$w1 = 0.19$', '0.19', w1 - g1, 'w1 after (program: %.6f)' % (w1 - prog['d_w1']))
claim(D, '$w2 = -0.41$', '-0.41', w2 - g2, 'w2 after (program: %.6f)' % (w2 - prog['d_w2']))
claim(D, '$w3 = 0.49$', '0.49', w3 - g3, 'w3 after (program: %.6f)' % (w3 - prog['d_w3']))
claim(D, '$w4 = 0.59$', '0.59', w4 - g4, 'w4 after (program: %.6f)' % (w4 - prog['d_w4']))
claim(D, '$w5 = 0.07$', '0.07', w5 - g5, 'w5 after')
claim(D, '$w6 = -0.58$', '-0.58', w6 - g6, 'w6 after')
claim(D, '$w7 = -0.33$', '-0.33', w7 - g7, 'w7 after')
claim(D, '$w8 = 0.73$', '0.73', w8 - g8, 'w8 after')
report()
