"""Oracle for gbasran-adam-en: one Adam step on f(θ) = θ², θ0 = 5, α = 0.1."""
import math
from common import claim, report

D = 'gbasran-adam-en'
th, a, b1, b2, eps = 5.0, 0.1, 0.9, 0.999, 1e-8
g = 2 * th
m = (1 - b1) * g
v = (1 - b2) * g * g
mh, vh = m / (1 - b1), v / (1 - b2)
th1 = th - a * mh / (math.sqrt(vh) + eps)
claim(D, 'g_1 = ', '10', g, 'g_1')
claim(D, 'm_1 = ', '1', m, 'm_1')
claim(D, 'v_1 = ', '0.1', v, 'v_1')
claim(D, '\\hat{m}_1 = ', '10', mh, 'm̂_1')
claim(D, '\\hat{v}_1 = ', '100', vh, 'v̂_1')
claim(D, '\\theta_1 = 5', '4.9', th1, 'θ_1')
claim(D, 'g_2 = ', '9.8', 2 * th1, 'g_2')
report()
