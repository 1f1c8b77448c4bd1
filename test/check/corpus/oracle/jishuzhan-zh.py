"""Oracle for jishuzhan-zh: y = w x (b = 0 fixed), x = 2, y = 4, L = ½(ŷ − y)², lr = 0.1, two steps."""
from common import claim, report

D = 'jishuzhan-zh'
x, y, lr = 2.0, 4.0, 0.1
w0 = 1.0
L0 = 0.5 * (w0 * x - y) ** 2
g0 = (w0 * x - y) * x
w1 = w0 - lr * g0
L1 = 0.5 * (w1 * x - y) ** 2
g1 = (w1 * x - y) * x
w2 = w1 - lr * g1
L2 = 0.5 * (w2 * x - y) ** 2
claim(D, '= 1 * 2 + 0 = 2', '2', w0 * x, 'ŷ (step 0)')
claim(D, '$L = 1/2 * (2 - 4)', '2', L0, 'L (step 0)')
claim(D, '= (1 * 2 - 4) = -2', '-2', w0 * x - y, 'wx − y (step 0)')
claim(D, '$grad = -2 * 2 = -4$', '-4', g0, 'grad (step 0)')
claim(D, '= 1 + 0.4 = 1.4', '1.4', w1, 'w after step 1')
claim(D, '= 1.4 * 2 = 2.8', '2.8', w1 * x, 'ŷ after step 1')
claim(D, '= 1/2 * 1.44 = 0.72', '0.72', L1, 'L after step 1')
claim(D, '= (1.4 * 2 - 4) = -1.2', '-1.2', w1 * x - y, 'wx − y (step 1)')
claim(D, '= -1.2 * 2 = -2.4', '-2.4', g1, 'grad (step 1)')
claim(D, '= 1.64$', '1.64', w2, 'w after step 2')
claim(D, '(1.64 * 2 - 4)^2 = 0.13', '0.13', L2, 'L after step 2 (0.13 is half of it: %.4f, the ½ applied twice)' % (L2 / 2))
report()
