"""Oracle for fishitmo-batch5-en: ŷ = m x + b, MSE over 5 points, lr 0.1, one step."""
from common import claim, report

D = 'fishitmo-batch5-en'
xs, ys = [1, 2, 3, 4, 5], [5, 7, 9, 11, 13]
m = b = 0.0
err = [y - (m * x + b) for x, y in zip(xs, ys)]
cost = sum(e * e for e in err) / 5
dm = -2 * sum(e * x for e, x in zip(err, xs)) / 5
db = -2 * sum(err) / 5
claim(D, '$m = 6.2$', '6.2', m - 0.1 * dm, 'm after the step')
claim(D, '$b = 1.8$', '1.8', b - 0.1 * db, 'b after the step')
claim(D, '\\mathrm{Cost} = 89.0', '89.0', cost, 'cost before the step')
report()
