"""Oracle for fiqlab-en: forward pass of a 2-2-1 sigmoid network (Mazur's first output unit)."""
import math
from common import claim, report, sig

D = 'fiqlab-en'
x1, x2, w1, w2, w3, w4, bh, w5, w6, bo = 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.60
n1 = w1 * x1 + w2 * x2 + bh
n2 = w3 * x1 + w4 * x2 + bh
h1, h2 = sig(n1), sig(n2)
no = w5 * h1 + w6 * h2 + bo
o = sig(no)
claim(D, '$$= 0.3775$$', '0.3775', n1, 'net_h1')
claim(D, '1 / (1 + 0.68566)', '0.68566', math.exp(-n1), 'e^(−0.3775)')
claim(D, '$$= 0.59327$$', '0.59327', h1, 'out_h1')
claim(D, '$$= 0.3925$$', '0.3925', n2, 'net_h2')
claim(D, '1 / (1 + 0.67530)', '0.67530', math.exp(-n2), 'e^(−0.3925)')
claim(D, '$$= 0.59688$$', '0.59688', h2, 'out_h2')
claim(D, '0.23731 + 0.26860', '0.23731', w5 * 0.59327, '0.40 × 0.59327')
claim(D, '0.23731 + 0.26860', '0.26860', w6 * 0.59688, '0.45 × 0.59688')
claim(D, '$$= 1.10591$$', '1.10591', no, 'net_o1')
claim(D, '1 / (1 + 0.33091)', '0.33091', math.exp(-1.10591), 'e^(−1.10591)')
claim(D, '$$= 0.75137$$', '0.75137', o, 'out_o1')
report()
