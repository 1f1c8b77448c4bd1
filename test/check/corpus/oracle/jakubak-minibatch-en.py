"""Oracle for jakubak-minibatch-en: logistic regression, BCE averaged over mini-batch 0 (three
samples), one SGD step with α = 0.1, then the forward pass of mini-batch 1 with the new W, b."""
import math
from common import claim, report, sig

D = 'jakubak-minibatch-en'
X0 = [(1, -2), (2, -5), (4, -8)]
Y0 = [0, 1, 0]
W, b, alpha = [0.1, 0.1], 0.2, 0.1
Z = [W[0] * x1 + W[1] * x2 + b for x1, x2 in X0]
A = [sig(z) for z in Z]
gA = [-(y / a - (1 - y) / (1 - a)) / 3 for a, y in zip(A, Y0)]
dAdZ = [a - a * a for a in A]
gZ = [g * d for g, d in zip(gA, dAdZ)]
gW = [sum(g * x[k] for g, x in zip(gZ, X0)) for k in range(2)]
gb = sum(gZ)
# The same gradient as the derivative of the mean BCE, written independently:
bce = lambda w0, w1, bb: sum(-(y * math.log(sig(w0 * x1 + w1 * x2 + bb)) + (1 - y) * math.log(1 - sig(w0 * x1 + w1 * x2 + bb))) for (x1, x2), y in zip(X0, Y0)) / 3
h = 1e-6
print('finite-difference dW:', (bce(0.1 + h, 0.1, 0.2) - bce(0.1 - h, 0.1, 0.2)) / (2 * h), (bce(0.1, 0.1 + h, 0.2) - bce(0.1, 0.1 - h, 0.2)) / (2 * h))
for k, at in enumerate(['0.1 & -0.1 & -0.2']):
    pass
for k, v in enumerate(['0.1', '-0.1', '-0.2']):
    claim(D, 'Z0 = \\begin{bmatrix} 0.1', v, Z[k], f'Z0[{k}]')
for k, v in enumerate(['0.52497919', '0.47502081', '0.450166']):
    claim(D, 'A0 = \\begin{bmatrix} 0.52', v, A[k], f'A0[{k}]')
for k, v in enumerate(['0.70172364', '-0.70172364', '0.60624358']):
    claim(D, 'grad_{A L0} = \\begin{bmatrix}', v, gA[k], f'grad_A_L0[{k}]')
for k, v in enumerate(['0.24937604', '0.24937604', '0.24751657']):
    claim(D, 'dA0dZ0 = ', v, dAdZ[k], f'dA0dZ0[{k}]')
for k, v in enumerate(['0.17499306', '-0.17499306', '0.15005533']):
    claim(D, 'grad_{Z L0} = \\begin{bmatrix}', v, gZ[k], f'grad_Z_L0[{k}]')
for k, v in enumerate(['0.42522827', '-0.67546349']):
    claim(D, 'grad_{W L} = \\begin{bmatrix}', v, gW[k], f'grad_W_L[{k}]')
claim(D, 'grad_{b L} = 0.15', '0.15005533', gb, 'grad_b_L')
W1 = [W[k] - alpha * gW[k] for k in range(2)]
b1 = b - alpha * gb
for k, v in enumerate(['0.05747717', '0.16754635']):
    claim(D, 'W = \\begin{bmatrix} 0.057', v, W1[k], f'W after the step [{k}]')
claim(D, 'b = 0.184', '0.18499447', b1, 'b after the step')
X1 = [(1, -2), (-1, 2)]
Z1 = [W1[0] * x1 + W1[1] * x2 + b1 for x1, x2 in X1]
for k, v in enumerate(['-0.09262106', '0.46260999']):
    claim(D, 'Z1 = \\begin{bmatrix} -0.09', v, Z1[k], f'Z1[{k}]')
for k, v in enumerate(['0.47686127', '0.61363316']):
    claim(D, 'A1 = \\begin{bmatrix}', v, sig(Z1[k]), f'A1[{k}]')
report()
