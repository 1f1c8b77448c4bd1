"""Oracle for kircerta-en: ReLU 2-2-1, linear output, L = ½(ŷ − y)²."""
from common import claim, report

D = 'kircerta-en'
W1, W2, x, y = [[0.3, -0.1], [0.2, 0.4]], [0.5, -0.3], [1.0, 2.0], 1.0
z = [W1[0][0] * x[0] + W1[0][1] * x[1], W1[1][0] * x[0] + W1[1][1] * x[1]]
h = [max(0.0, v) for v in z]
yhat = W2[0] * h[0] + W2[1] * h[1]
L = 0.5 * (yhat - y) ** 2
dy = yhat - y
at_z = 'z^{(1)} = W^{(1)}x'
claim(D, at_z, '0.1', z[0], 'z^(1)_1')
claim(D, at_z, '1.0', z[1], 'z^(1)_2')
claim(D, 'h = \\operatorname{ReLU}(z^{(1)})', '0.1', h[0], 'h_1')
claim(D, 'h = \\operatorname{ReLU}(z^{(1)})', '1.0', h[1], 'h_2')
claim(D, '= 0.05 - 0.3 = -0.25', '0.05', W2[0] * h[0], 'W2_1 h_1')
claim(D, '= 0.05 - 0.3 = -0.25', '-0.25', yhat, 'ŷ')
claim(D, '= 0.78125', '0.78125', L, 'L')
claim(D, '= \\hat{y} - y = -1.25', '-1.25', dy, '∂L/∂ŷ')
claim(D, '-0.125 & -1.25', '-0.125', dy * h[0], '∂L/∂W2_1')
claim(D, '-0.125 & -1.25', '-1.25', dy * h[1], '∂L/∂W2_2')
report()
