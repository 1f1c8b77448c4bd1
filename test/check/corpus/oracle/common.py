"""Independent float64 oracle for the checker corpus (plain Python floats, no symgrad, no numpy).

Each corpus document has a script oracle/<id>.py that recomputes, from the network the document
states, every quantity the document prints, and lists the printed claims with `claim(...)`.
`report()` prints, per claim, OK or SLIP: a printed number with d decimals is right when it is
within half a unit of its last digit of the true value (plus `slack`, for a value the author
derived from numbers he had already rounded, stated per claim). The output of every script is
recorded in oracle/OUTPUT.md before the checker is run on the corpus; expected.yaml lists the
SLIP lines with their cause.
"""
import math
import os
import sys

_claims = []


def sig(x):
    return 1.0 / (1.0 + math.exp(-x))


def decimals(text):
    t = text.strip().lstrip('-−')
    return len(t.split('.')[1]) if '.' in t else 0


def line_of(doc, at, nth=1):
    """1-based line of the nth line of doc.md containing `at`."""
    path = os.path.join(os.path.dirname(__file__), '..', doc, 'doc.md')
    seen = 0
    with open(path, encoding='utf-8') as f:
        for k, line in enumerate(f, 1):
            if at in line:
                seen += 1
                if seen == nth:
                    return k
    raise SystemExit(f'{doc}: no line contains {at!r}')


def claim(doc, at, printed, true, what, slack=0.0, nth=1):
    """The document prints `printed` (text, as printed) for `what`, whose true value is `true`."""
    value = float(printed.replace('−', '-'))
    half = 0.5 * 10 ** -decimals(printed) if decimals(printed) > 0 else 0.0
    ok = abs(value - true) <= half + slack + 1e-12 * max(1.0, abs(true))
    _claims.append((line_of(doc, at, nth), what, printed, true, ok))


def report():
    bad = 0
    for line, what, printed, true, ok in sorted(_claims):
        bad += not ok
        print(f"{'OK  ' if ok else 'SLIP'} line {line:3d}: {what}: printed {printed}, true {true:.10g}")
    print(f'{len(_claims)} claims, {bad} slips')
    sys.exit(0)
