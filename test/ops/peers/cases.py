"""The derivative cases of two peer suites, transcribed (formula, variable) from
  mathjs  test/unit-tests/function/algebra/derivative.test.js  (josdejong/mathjs)
  nerdamer spec/calculus.spec.js, 'should differentiate correctly' (jiggzson/nerdamer)
Implicit products (2x) are written out (2*x); a function definition f(x) = ... is followed by its
call. `sympy` gives the oracle's spelling where symgrad's differs (0^(2^x + x^3 + 2) is 0 wherever
the exponent is positive, which holds at every test point; SymPy leaves 0**f unevaluated). A case with `out` is out of
scope, with the reason; `at` and `points` move the test points into a case's real domain
(log log log(cos(t²)^z) is real only for z < 0). Run: python3 test/ops/peers/cases.py > test/ops/peers/cases.json
"""
import json

M = 'mathjs'
N = 'nerdamer'
cases = [
    # mathjs
    (M, '1', 'x'), (M, '10000000', 'x'), (M, '2*x', 'x'), (M, 'sin(2*x)', 'x'), (M, 'x', 'x'),
    (M, '(1)', 'x'), (M, '(x)', 'x'),
    (M, 'f(x) = 5*x + x + 2; f(x)', 'x', '5*x + x + 2'), (M, 'f(x) = 5 + 2; f(x)', 'x', '5 + 2'),
    (M, 'f(y) = 5*y + 2; f(y)', 'x', '5*y + 2'), (M, 'f(x) = x + 2; 5*x + f(x)', 'x', '5*x + x + 2'),
    (M, '1 + 2', 'x'), (M, '-100^2 + 3*3/2 - 12', 'x'), (M, '3 * 7^4 * 123.124', 'x'),
    (M, '-4*x', 'x'), (M, '+4*x', 'x'), (M, '3 * x * sin(x)', 'x'), (M, '5*x + x + 2', 'x'),
    (M, '5*x - x - 2', 'x'), (M, 'x + sin(x) + 5*x', 'x'), (M, 'x * sin(x) * 5*x', 'x'),
    (M, '2*(x + x)', 'x'), (M, '(x + x)*2', 'x'), (M, '5*x*3*x', 'x'), (M, '7*x / 2', 'x'),
    (M, '5 / (3*x)', 'x'), (M, '(2*x) / (3*x + 2)', 'x'), (M, '0^(2^x + x^3 + 2)', 'x', '0*x'),
    (M, '1^(2^x + x^3 + 2)', 'x'), (M, '10^(2*x + 2)', 'x'), (M, '(x^x^x^x)^0', 'x'), (M, '(x+2)^1', 'x'),
    (M, '2*x^2', 'x'), (M, '2*x^-2', 'x'), (M, '(x^3 + x)^(5*x + 2)', 'x'), (M, '-x', 'x'), (M, '1 - (-x)', 'x'),
    (M, 'cbrt(6*x)', 'x'), (M, 'sqrt(6*x)', 'x'), (M, 'nthRoot(6*x)', 'x', 'sqrt(6*x)'),
    (M, 'nthRoot(6*x, 3)', 'x', 'root(6*x, 3)'), (M, 'nthRoot((6*x), (2*x))', 'x', '(6*x)**(1/(2*x))'),
    (M, 'log((6*x))', 'x'), (M, 'log10((6*x))', 'x', 'log(6*x, 10)'), (M, 'log((6*x), 10)', 'x'),
    (M, 'log((2*x), (3*x))', 'x'), (M, 'log(x)', 'x'),
    (M, 'sin(2*x)', 'x'), (M, 'cos(2*x)', 'x'), (M, 'tan(2*x)', 'x'), (M, 'sec(2*x)', 'x'), (M, 'csc(2*x)', 'x'),
    (M, 'cot((2*x))', 'x'), (M, 'asin((2*x))', 'x'), (M, 'acos((2*x))', 'x'), (M, 'atan((2*x))', 'x'),
    (M, 'asec((2*x))', 'x'), (M, 'acsc((2*x))', 'x'), (M, 'acot((2*x))', 'x'), (M, 'sinh(2*x)', 'x'),
    (M, 'cosh(2*x)', 'x'), (M, 'tanh(2*x)', 'x'), (M, 'sech(2*x)', 'x'), (M, 'csch(2*x)', 'x'), (M, 'coth(2*x)', 'x'),
    (M, 'asinh((2*x))', 'x'), (M, 'acosh((2*x))', 'x'), (M, 'atanh((2*x))', 'x'), (M, 'asech((2*x))', 'x'),
    (M, 'acsch((2*x))', 'x'), (M, 'acoth((2*x))', 'x'), (M, 'abs(2*x)', 'x'),
    (M, 'pow(0, 2^x + x^3 + 2)', 'x', '0*x'), (M, 'pow(1, 2^x + x^3 + 2)', 'x', '1**(2**x + x**3 + 2)'),
    (M, 'pow(10, 2*x + 2)', 'x', '10**(2*x + 2)'), (M, 'pow(x^x^x^x, 0)', 'x', '(x**x**x**x)**0'),
    (M, 'pow(x + 2, 1)', 'x', 'x + 2'), (M, '2 * pow(x, 2)', 'x', '2*x**2'), (M, '2 * pow(x, -2)', 'x', '2*x**-2'),
    (M, 'pow(x^3 + x, 5*x + 2)', 'x', '(x**3 + x)**(5*x + 2)'), (M, 'exp(2*x)', 'x'),
    (M, 'x + y', 'x'), (M, 'x + log(y)*y', 'x'), (M, 'x + y + z', 'x'), (M, 'x + log(y)*z', 'x'),
    (M, 'x + log(y)*x', 'x'), (M, 'x^2 + x*y + y^2', 'x'), (M, '2*x^3', 'x'), (M, 'x^2', 'x'),
    (M, 'x*y', 'x', None, 'a LaTeX test of derivative(x*y, x) as a parsed call; the derivative itself is covered by nerdamer\'s x*y'),
    # nerdamer
    (N, 'cos(x)', 'x'), (N, 'log(x)', 'x'), (N, 'tan(x)', 'x'), (N, '4*tan(x)*sec(x)', 'x'), (N, 'sqrt(7)', 'x'),
    (N, '4', 'x'), (N, 'x^2', 'x'), (N, '2*x^2+4', 'x'), (N, 'sqrt(x)*x', 'x'), (N, 'sqrt(x)-1/sqrt(x)', 'x'),
    (N, 'x^2/3-3/x^2', 'x'), (N, 'sqrt(x)*(x^2+1)', 'x'), (N, 'e^x/(e^x-1)', 'x'), (N, 'e^x', 'x'),
    (N, 'e^x/x', 'x'), (N, 'tan(x)*log(1/cos(x))', 'x'), (N, '(2*x)^(e)', 'x'), (N, '2*cos(x)*log(x)', 'x'),
    (N, 'cos(5*x)*log(sec(sqrt(cos(x^(4/5))^2))/y^2)*y', 'x'), (N, 'x*cos(x)^log(x)', 'x'), (N, 'cos(2*x)', 'x'),
    (N, 'cos(x)*tan(x)', 'x'), (N, 'sec(sqrt(cos(x^(4/5))^2))', 'x'), (N, 'log(log(log(cos(t*t)^z)))', 't', None, None, {'at': {'z': -5}, 'points': [0.9, 1.0, 1.1]}),
    (N, '6*log(x)^(3*log(x^2))', 'x'), (N, 'sinh(x^2)^cos(x)', 'x'), (N, 'tan(x)*tanh(x)', 'x'),
    (N, '4*x*tan(x)*7*tanh(x)', 'x'), (N, 'y*tan(y)*7*tanh(y)', 'x'), (N, 'yx*tan(y)*7*tanh(y)', 'x'),
    (N, 'y', 'x'), (N, 'x*y', 'x'),
    (N, '[sin(x), x^2, x]', 'x', None, 'a vector of three expressions: symgrad formulas are scalar (each element is an ordinary case: sin(x), x^2, x)'),
]

out = []
for i, c in enumerate(cases):
    suite, formula, wrt = c[0], c[1], c[2]
    case = {'id': i + 1, 'suite': suite, 'formula': formula, 'wrt': wrt}
    if len(c) > 3 and c[3]: case['sympy'] = c[3]
    if len(c) > 4 and c[4]: case['out'] = c[4]
    if len(c) > 5: case.update(c[5])
    out.append(case)
print(json.dumps(out, indent=1, ensure_ascii=False))
