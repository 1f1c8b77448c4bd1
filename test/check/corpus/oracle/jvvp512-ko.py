"""Oracle for jvvp512-ko: the hidden layer of Mazur's network. The printed formula
1/(1 + e^{net}) is evaluated as written, to show it is not the value printed."""
import math
from common import claim, report, sig

D = 'jvvp512-ko'
i1, i2, w1, w2, w3, w4, b1 = 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35
net1, net2 = w1 * i1 + w2 * i2 + b1, w3 * i1 + w4 * i2 + b1
claim(D, '= 0.3775 $', '0.3775', net1, 'net_h1')
# The chain out_h1 = 1/(1+e^{net_h1}) = 1/(1+e^{-0.3775}): its first side, as written, is
print('as written: 1/(1+e^{net_h1}) =', 1 / (1 + math.exp(net1)), '; 1/(1+e^{net_h2}) =', 1 / (1 + math.exp(net2)))
claim(D, 'out_{h_1} = {1 \\over {1 + e^{net_{h_1}}} }', '0.593269992', 1 / (1 + math.exp(net1)), 'the chain ends in 0.593269992; its first side 1/(1+e^{net_h1}), as written (no minus sign), gives')
claim(D, '= 0.593269992 $', '0.593269992', sig(net1), 'out_h1')
claim(D, '= 0.3925 $', '0.3925', net2, 'net_h2')
claim(D, 'out_{h_2} = {1 \\over {1 + e^{net_{h_2}}} }', '0.596884378', 1 / (1 + math.exp(net2)), 'the chain ends in 0.596884378; its first side 1/(1+e^{net_h2}), as written (no minus sign), gives')
claim(D, '= 0.596884378 $', '0.596884378', sig(net2), 'out_h2')
claim(D, '$ out_{h_1} = 0.593269992 $', '0.593269992', sig(net1), 'out_h1 (summary)')
claim(D, '$ out_{h_2} = 0.596884378 $', '0.596884378', sig(net2), 'out_h2 (summary)')
report()
