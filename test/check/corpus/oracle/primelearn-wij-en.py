"""Oracle for primelearn-wij-en: the 2-2-1 network stated in prose, w_{i,j} from x_i to h_j
(w_{i,3} from h_i to o_3), no bias, sigmoid units, loss ½(ŷ − y)². Each printed intermediate is
also recomputed from the author's own previous (rounded) number, to tell drift from a slip."""
import math
from common import claim, report, sig

D = 'primelearn-wij-en'
x1, x2, y = 0.35, 0.7, 1.0
w11, w21, w12, w22, w13, w23 = 0.2, 0.2, 0.3, 0.3, 0.3, 0.9
zh1 = w11 * x1 + w21 * x2
zh2 = w12 * x1 + w22 * x2
ah1, ah2 = sig(zh1), sig(zh2)
zo3 = w13 * ah1 + w23 * ah2
yhat = sig(zo3)
L = 0.5 * (yhat - y) ** 2
claim(D, '0.0700 + 0.1400 = 0.2100', '0.2100', zh1, 'z_h1')
claim(D, '1 / (1 + 0.8106)', '0.8106', math.exp(-zh1), 'e^{-z_h1} (put in as 0.8106)')
claim(D, '1 / (1 + 0.8106)', '0.5523', ah1, 'a_h1')
claim(D, '0.1050 + 0.2100 = 0.3150', '0.3150', zh2, 'z_h2')
claim(D, '1 / (1 + 0.7298)', '0.7298', math.exp(-zh2), 'e^{-z_h2}')
claim(D, '1 / (1 + 0.7298)', '0.5781', ah2, 'a_h2')
claim(D, '0.1657 + 0.5203 = 0.6860', '0.6860', zo3, 'z_o3', slack=1e-4)
claim(D, '1 / (1 + 0.5037)', '0.5037', math.exp(-0.6860), 'e^{-0.6860} (from the printed z_o3)')
print('e^{-z_o3} exact', math.exp(-zo3), '; 1/1.5037 =', 1 / 1.5037, '; true yhat', yhat)
claim(D, '1 / (1 + 0.5037)', '0.6651', yhat, 'yhat')
claim(D, '1 / (1 + 0.5037)', '0.6651', 1 / 1.5037, 'yhat as the line computes it, 1/1.5037')
claim(D, '½ × 0.1122 = 0.0561', '0.3349', 1 - 0.6651, '1 − ŷ from the printed ŷ')
claim(D, '½ × 0.1122 = 0.0561', '0.1122', 0.3349 ** 2, '0.3349²')
claim(D, '½ × 0.1122 = 0.0561', '0.0561', L, 'L')
report()
