"""Oracle for appendixb-table-en: Han & Kamber's 3-2-1 sigmoid example, Err_j = −∂(½(T − O)²)/∂I_j, α = 0.9."""
from common import claim, report, sig

D = 'appendixb-table-en'
x = [1.0, 0.0, 1.0]
T = 1.0
w = {(1, 4): 0.2, (1, 5): -0.3, (2, 4): 0.4, (2, 5): 0.1, (3, 4): -0.5, (3, 5): 0.2, (4, 6): -0.3, (5, 6): -0.2}
b = {4: -0.4, 5: 0.2, 6: 0.1}
a = 0.9
I4 = sum(w[(i, 4)] * x[i - 1] for i in (1, 2, 3)) + b[4]
I5 = sum(w[(i, 5)] * x[i - 1] for i in (1, 2, 3)) + b[5]
O4, O5 = sig(I4), sig(I5)
I6 = w[(4, 6)] * O4 + w[(5, 6)] * O5 + b[6]
O6 = sig(I6)
E6 = O6 * (1 - O6) * (T - O6)
E5 = O5 * (1 - O5) * E6 * w[(5, 6)]
E4 = O4 * (1 - O4) * E6 * w[(4, 6)]
claim(D, '| 4      | $0.2 + 0', '-0.7', I4, 'I_4')
claim(D, '| 4      | $0.2 + 0', '0.332', O4, 'O_4')
claim(D, '| 5      | $-0.3', '0.1', I5, 'I_5')
claim(D, '| 5      | $-0.3', '0.525', O5, 'O_5')
# the author computes I_6 from the rounded O_4, O_5
claim(D, '| 6      | $(-0.3)', '-0.105', I6, 'I_6', slack=0.0005)
claim(D, '| 6      | $(-0.3)', '0.474', O6, 'O_6')
claim(D, '| 6      | $0.474', '0.1311', E6, 'Err_6', slack=0.0002)
claim(D, '| 5      | $0.525', '-0.0065', E5, 'Err_5')
claim(D, '| 4      | $0.332', '-0.0087', E4, 'Err_4')
claim(D, '$w_{46}$', '-0.261', w[(4, 6)] + a * E6 * O4, 'w_46 new')
claim(D, '$w_{56}$', '-0.138', w[(5, 6)] + a * E6 * O5, 'w_56 new')
claim(D, '$w_{14}$', '0.192', w[(1, 4)] + a * E4 * x[0], 'w_14 new')
claim(D, '$w_{15}$', '-0.306', w[(1, 5)] + a * E5 * x[0], 'w_15 new')
claim(D, '$w_{24}$', '0.4', w[(2, 4)] + a * E4 * x[1], 'w_24 new')
claim(D, '$w_{25}$', '0.1', w[(2, 5)] + a * E5 * x[1], 'w_25 new')
claim(D, '$w_{34}$', '-0.508', w[(3, 4)] + a * E4 * x[2], 'w_34 new')
claim(D, '$w_{35}$', '0.194', w[(3, 5)] + a * E5 * x[2], 'w_35 new')
claim(D, '$w_{06}$', '0.218', b[6] + a * E6, 'w_06 new')
claim(D, '$w_{05}$', '0.194', b[5] + a * E5, 'w_05 new')
report()
