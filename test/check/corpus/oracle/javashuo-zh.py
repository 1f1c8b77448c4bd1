"""Oracle for javashuo-zh: the forward-pass outputs of Mazur's network, printed in prose."""
from common import claim, report, sig

D = 'javashuo-zh'
h1, h2 = sig(0.15 * 0.05 + 0.20 * 0.10 + 0.35), sig(0.25 * 0.05 + 0.30 * 0.10 + 0.35)
o1, o2 = sig(0.40 * h1 + 0.45 * h2 + 0.60), sig(0.50 * h1 + 0.55 * h2 + 0.60)
claim(D, '[0.75136079 , 0.772928465]', '0.75136079', o1, 'out_o1 (prose)')
claim(D, '[0.75136079 , 0.772928465]', '0.772928465', o2, 'out_o2 (prose)')
report()
