"""Oracle for mazur-en: Matt Mazur's 2-2-2 logistic network, ½ squared error summed, η = 0.5."""
from common import claim, report, sig

D = 'mazur-en'
i1, i2, t1, t2 = 0.05, 0.10, 0.01, 0.99
w1, w2, w3, w4, b1 = 0.15, 0.20, 0.25, 0.30, 0.35
w5, w6, w7, w8, b2 = 0.40, 0.45, 0.50, 0.55, 0.60
eta = 0.5
net_h1 = w1 * i1 + w2 * i2 + b1
net_h2 = w3 * i1 + w4 * i2 + b1
h1, h2 = sig(net_h1), sig(net_h2)
net_o1 = w5 * h1 + w6 * h2 + b2
net_o2 = w7 * h1 + w8 * h2 + b2
o1, o2 = sig(net_o1), sig(net_o2)
E1, E2 = 0.5 * (t1 - o1) ** 2, 0.5 * (t2 - o2) ** 2
dE_do1, dE_do2 = o1 - t1, o2 - t2
do1, do2 = o1 * (1 - o1), o2 * (1 - o2)
d1, d2 = dE_do1 * do1, dE_do2 * do2            # ∂E/∂net_o
g5, g6, g7, g8 = d1 * h1, d1 * h2, d2 * h1, d2 * h2
dh1 = d1 * w5 + d2 * w7                        # ∂E_total/∂out_h1
dh2 = d1 * w6 + d2 * w8
g1, g2 = dh1 * h1 * (1 - h1) * i1, dh1 * h1 * (1 - h1) * i2
g3, g4 = dh2 * h2 * (1 - h2) * i1, dh2 * h2 * (1 - h2) * i2

claim(D, '= 0.3775$$', '0.3775', net_h1, 'net_h1')
claim(D, '= 0.593269992$$', '0.593269992', h1, 'out_h1')
claim(D, 'out}_{h2} = 0.596884378', '0.596884378', h2, 'out_h2')
claim(D, '= 1.105905967$$', '1.105905967', net_o1, 'net_o1')
claim(D, '= 0.75136507$$', '0.75136507', o1, 'out_o1')
claim(D, '= 0.772928465', '0.772928465', o2, 'out_o2')
claim(D, '= 0.274811083$$', '0.274811083', E1, 'E_o1')
claim(D, 'E_{o2} = 0.023560026', '0.023560026', E2, 'E_o2')
claim(D, '= 0.298371109', '0.298371109', E1 + E2, 'E_total')
claim(D, '= 0.74136507$$', '0.74136507', dE_do1, 'dE/dout_o1')
claim(D, '= 0.186815602$$', '0.186815602', do1, 'dout_o1/dnet_o1')
claim(D, 'partial w_{5}} = out_{h1} = 0.593269992', '0.593269992', h1, 'dnet_o1/dw5')
claim(D, '= 0.082167041$$', '0.082167041', g5, 'dE/dw5')
claim(D, '= 0.35891648', '0.35891648', w5 - eta * g5, 'w5+')
claim(D, 'w_6^{+} = 0.408666186', '0.408666186', w6 - eta * g6, 'w6+')
claim(D, 'w_7^{+} = 0.511301270', '0.511301270', w7 - eta * g7, 'w7+')
claim(D, 'w_8^{+} = 0.561370121', '0.561370121', w8 - eta * g8, 'w8+')
claim(D, '= 0.138498562$$', '0.138498562', d1, 'dE_o1/dnet_o1')
claim(D, '= w_5 = 0.40', '0.40', w5, 'dnet_o1/dout_h1')
claim(D, '= 0.055399425$$', '0.055399425', d1 * w5, 'dE_o1/dout_h1')
claim(D, '= -0.019049119', '-0.019049119', d2 * w7, 'dE_o2/dout_h1')
claim(D, '= 0.036350306', '0.036350306', dh1, 'dE_total/dout_h1')
claim(D, '= 0.241300709', '0.241300709', h1 * (1 - h1), 'dout_h1/dnet_h1')
claim(D, '= i_1 = 0.05', '0.05', i1, 'dnet_h1/dw1')
claim(D, '= 0.000438568', '0.000438568', g1, 'dE/dw1')
claim(D, '= 0.149780716', '0.149780716', w1 - eta * g1, 'w1+')
claim(D, 'w_2^{+} = 0.19956143', '0.19956143', w2 - eta * g2, 'w2+')
claim(D, 'w_3^{+} = 0.24975114', '0.24975114', w3 - eta * g3, 'w3+')
claim(D, 'w_4^{+} = 0.29950229', '0.29950229', w4 - eta * g4, 'w4+')
report()
