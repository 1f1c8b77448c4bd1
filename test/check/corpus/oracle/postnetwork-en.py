"""Oracle for postnetwork-en: 3-2-2, sigmoid hidden, softmax + cross-entropy, y = [1, 0].
Values are computed exactly; where the post feeds a rounded value forward (0.426, 0.428, 0.185,
0.561), the claim is also compared with what those printed inputs give (slack = that gap)."""
import math
from common import claim, report, sig

D = 'postnetwork-en'
x = [1.0, 2.0, -1.0]
W1 = [[0.2, -0.3, 0.4], [-0.5, 0.1, 0.2]]
b1 = 0.5
z1 = sum(w * v for w, v in zip(W1[0], x)) + b1
z2 = sum(w * v for w, v in zip(W1[1], x)) + b1
a1, a2 = sig(z1), sig(z2)
w7, w8, w9, w10, b2 = 0.3, -0.1, 0.4, 0.2, 0.1      # z3 = w7 a1 + w9 a2 + b2; z4 = w8 a1 + w10 a2 + b2
z3 = w7 * a1 + w9 * a2 + b2
z4 = w8 * a1 + w10 * a2 + b2
p1 = math.exp(z3) / (math.exp(z3) + math.exp(z4))
p2 = 1 - p1
L = -math.log(p1)
y1, y2 = 1.0, 0.0
g7, g8, g9, g10 = (p1 - y1) * a1, (p2 - y2) * a1, (p1 - y1) * a2, (p2 - y2) * a2
claim(D, 'z^{(1)} = 0.2(1)', '-0.3', z1, 'z^(1)')
claim(D, 'z^{(2)} = -0.5(1)', '0', z2, 'z^(2)')
claim(D, 'approx 0.426', '0.426', a1, 'a^(1)')
claim(D, 'a^{(2)} = ', '0.5', a2, 'a^(2)')
claim(D, 'z^{(3)} = 0.3(0.426)', '0.428', z3, 'z^(3)', slack=abs(0.3 * 0.426 + 0.2 + 0.1 - z3))
claim(D, 'z^{(4)} = -0.1(0.426)', '0.185', z4, 'z^(4) (from the printed a^(1) it is %.4f)' % (-0.1 * 0.426 + 0.2 * 0.5 + 0.1))
as_printed = 1 / (1 + math.exp(0.185 - 0.428))
claim(D, 'approx 0.561', '0.561', as_printed, 'ŷ_1 from the printed logits 0.428 and 0.185 (exact ŷ_1 = %.6f)' % p1)
claim(D, 'approx 0.439', '0.439', 1 - as_printed, 'ŷ_2 from the printed logits (exact %.6f)' % p2)
claim(D, 'ln(0.561)) \\approx 0.579', '0.579', -math.log(0.561), '−ln(0.561) as written (exact L = %.6f)' % L)
# The gradient formulas, evaluated with exact values, against the gradient of the weight they name.
claim(D, 'partial w_7} = ', '%.6f' % ((p1 - y1) * a1), g7, '∂L/∂w_7 formula (ŷ1−y1)a1')
claim(D, 'partial w_8} = ', '%.6f' % ((p1 - y1) * a2), g8, '∂L/∂w_8 formula (ŷ1−y1)a2 is ∂L/∂w_9 (w_8 joins a1 to z4)')
claim(D, 'partial w_9} = ', '%.6f' % ((p2 - y2) * a1), g9, '∂L/∂w_9 formula (ŷ2−y2)a1 is ∂L/∂w_8 (w_9 joins a2 to z3)')
claim(D, 'partial w_{10}} = ', '%.6f' % ((p2 - y2) * a2), g10, '∂L/∂w_10 formula (ŷ2−y2)a2')
report()
