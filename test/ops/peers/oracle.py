"""The oracle for the peer suites: for every in-scope case of cases.json, SymPy differentiates the
formula and evaluates the derivative with 30 significant digits at several points (the variable
at 0.3, 0.45, 0.7, 1.3 and 2.1; other symbols fixed: y = 0.6, z = 1.1, yx = 0.8; a case may
move them), keeping the
points where the derivative is real and finite. symgrad never runs here: the expected numbers
are recorded before symgrad is asked.
Run: python3 test/ops/peers/oracle.py > test/ops/peers/oracle.json
"""
import json, os, sympy as sp
from sympy.parsing.sympy_parser import parse_expr, standard_transformations, convert_xor

HERE = os.path.dirname(os.path.abspath(__file__))
POINTS = [0.3, 0.45, 0.7, 1.3, 2.1]
FIXED = {'y': 0.6, 'z': 1.1, 'yx': 0.8, 'x': 0.9, 't': 0.9}
NAMES = {
    'e': sp.E, 'pi': sp.pi, 'log': lambda a, b=None: sp.log(a) if b is None else sp.log(a, b),
    'log10': lambda a: sp.log(a, 10), 'cbrt': lambda a: a ** sp.Rational(1, 3), 'root': sp.root,
    'sec': sp.sec, 'csc': sp.csc, 'cot': sp.cot, 'asec': sp.asec, 'acsc': sp.acsc, 'acot': sp.acot,
    'sech': sp.sech, 'csch': sp.csch, 'coth': sp.coth, 'asech': sp.asech, 'acsch': sp.acsch, 'acoth': sp.acoth,
    'abs': sp.Abs, 'exp': sp.exp, 'sqrt': sp.sqrt,
}
for n in ('x', 'y', 'z', 't', 'yx'): NAMES[n] = sp.Symbol(n, real=True)

cases = json.load(open(os.path.join(HERE, 'cases.json')))
out = {}
for c in cases:
    if 'out' in c: continue
    text = c.get('sympy', c['formula'])
    f = parse_expr(text, local_dict=NAMES, transformations=standard_transformations + (convert_xor,))
    v = NAMES[c['wrt']]
    d = sp.diff(f, v)
    rows = []
    fixed = {**FIXED, **c.get('at', {})}
    used = {s.name for s in f.free_symbols} | {c['wrt']}
    for p in c.get('points', POINTS):
        env = {k: val for k, val in fixed.items() if k in used and k != c['wrt']}
        env[c['wrt']] = p
        val = sp.N(d.subs({NAMES[k]: sp.Float(x, 30) for k, x in env.items()}), 30)
        if val.is_real and val.is_finite:
            rows.append([env, float(val)])
    out[str(c['id'])] = {'derivative': str(d), 'points': rows}
print(json.dumps(out, indent=1))
