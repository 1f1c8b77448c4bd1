"""Oracle for zhanghuiwan-zh: ŷ = a x + b, Loss = (y − ŷ)², η = 1, one sample per step."""
from common import claim, report

D = 'zhanghuiwan-zh'
a, b = 0.0, 0.0
samples = [(1.0, 1.0), (0.0, 1.0), (1.0, 0.0)]
rows = []
for k, (x, y) in enumerate(samples, 1):
    yh = a * x + b
    loss = (y - yh) ** 2
    ga, gb = -2 * (y - yh) * x, -2 * (y - yh)
    rows.append((yh, loss, ga, gb))
    a, b = a - ga, b - gb
    rows[-1] += (a, b)
(yh1, l1, ga1, gb1, a1, b1), (yh2, l2, ga2, gb2, a2, b2), (yh3, l3, ga3, _, _, _) = rows
claim(D, '0 \\cdot 1 + 0 = 0 $', '0', yh1, 'ŷ_1')
claim(D, '(1 - 0)^2 = 1 $', '1', l1, 'Loss_1')
claim(D, '\\cdot (1 - 0) \\cdot 1 = -2 $', '-2', ga1, '∂Loss_1/∂a')
claim(D, '= -2 \\cdot (1 - 0) = -2 $', '-2', gb1, '∂Loss_1/∂b')
claim(D, '0 - 1 \\cdot (-2) = 2 $', '2', a1, 'a after step 1', nth=1)
claim(D, '0 - 1 \\cdot (-2) = 2 $', '2', b1, 'b after step 1', nth=2)
claim(D, '2 \\cdot 0 + 2 = 2 $', '2', yh2, 'ŷ_2')
claim(D, '(1 - 2)^2 = 1 $', '1', l2, 'Loss_2')
claim(D, '(1 - 2) \\cdot 0 = 0 $', '0', ga2, '∂Loss_2/∂a')
claim(D, '-2 \\cdot (1 - 2) = 2 $', '2', gb2, '∂Loss_2/∂b')
claim(D, '2 - 1 \\cdot 0 = 2 $', '2', a2, 'a after step 2')
claim(D, '2 - 1 \\cdot 2 = 0 $', '0', b2, 'b after step 2')
claim(D, '2 \\cdot 1 + 0 = 2 $', '2', yh3, 'ŷ_3')
claim(D, '(0 - 2)^2 = 4 $', '4', l3, 'Loss_3')
claim(D, '(0 - 2) \\cdot 1 = 4 $', '4', ga3, '∂Loss_3/∂a')
report()
