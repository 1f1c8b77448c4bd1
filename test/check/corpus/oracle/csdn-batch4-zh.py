"""Oracle for csdn-batch4-zh: σ(Wx + b), W = [0.1, 0.2], b = 0.05, per-sample ½(ŷ − y)²."""
from common import claim, report, sig

D = 'csdn-batch4-zh'
W, b = [0.1, 0.2], 0.05
X = [(0.2, 0.4), (0.1, 0.5), (0.3, 0.7), (0.6, 0.9)]
Y = [1.0, 0.0, 1.0, 0.0]
z = [W[0] * x1 + W[1] * x2 + b for x1, x2 in X]
p = [sig(v) for v in z]
L = [0.5 * (pi - yi) ** 2 for pi, yi in zip(p, Y)]
claim(D, '+ 0.05 = 0.15$$', '0.15', z[0], 'z_1 (sample 1)')
claim(D, 'approx 0.537$$', '0.537', p[0], 'ŷ (sample 1)')
claim(D, 'L_1 = ', '0.107', L[0], 'L_1', slack=abs(0.5 * (0.537 - 1) ** 2 - L[0]))
claim(D, 'z_2 = 0.16', '0.16', z[1], 'z_2 (sample 2)')
claim(D, 'approx 0.540$$', '0.540', p[1], 'ŷ (sample 2)')
claim(D, 'L_2 = ', '0.146', L[1], 'L_2', slack=abs(0.5 * 0.540 ** 2 - L[1]))
print('batch: z =', z, 'ŷ =', p, 'L_i =', L, 'mean L =', sum(L) / 4)
report()
