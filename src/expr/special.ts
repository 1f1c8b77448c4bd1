/**
 * Evaluation helpers for primitives JavaScript's Math lacks: the error function and its
 * complement to full double precision, PyTorch's round-half-to-even, stable log(eᵃ + eᵇ) and log σ(x), and
 * PyTorch's clamp. Each helper is one self-contained function declaration (no module-level
 * state), because the compiler embeds its source (`fn.toString()`) in generated code, so a
 * compiled closure computes exactly what `evaluate` does.
 *
 * erf/erfc follow W. J. Cody, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23 (1969) 631–637, in the form of his CALERF routine (SPECFUN): three intervals,
 * |x| ≤ 0.46875 (erf as x·P(x²)/Q(x²)), 0.46875 < |x| ≤ 4 (erfc as e^(−x²)·P(|x|)/Q(|x|)) and
 * |x| > 4 (erfc as e^(−x²)/|x|·(1/√π + R(1/x²)/x²)); e^(−x²) is computed as e^(−t²)·e^(−(x−t)(x+t))
 * with t = x rounded down to a multiple of 1/16, which keeps the relative error near one ulp
 * even where erfc is tiny. The coefficients are Cody's published ones.
 */

/** erf(x) when `complement` is 0, erfc(x) when it is 1 (W. J. Cody's rational approximations). */
export function erfCody(x: number, complement: number): number {
  const A = [3.1611237438705656, 113.86415415105016, 377.48523768530202, 3209.3775891384695, 0.18577770618460315];
  const B = [23.601290952344121, 244.02463793444417, 1282.6165260773723, 2844.2368334391706];
  const C = [0.56418849698867009, 8.8831497943883759, 66.119190637141630, 298.63513819740013,
    881.95222124176909, 1712.0476126340706, 2051.0783778260715, 1230.3393547979973, 2.1531153547440383e-8];
  const D = [15.744926110709835, 117.69395089131250, 537.18110186200986, 1621.3895745666902,
    3290.7992357334596, 4362.6190901432472, 3439.3676741437216, 1230.3393548037494];
  const P = [0.30532663496123234, 0.36034489994980444, 0.12578172611122925, 0.016083785148742277,
    6.5874916152983780e-4, 0.016315387137302098];
  const Q = [2.5685201922898224, 1.8729528499234605, 0.52790510295142841, 0.060518341312441319, 0.0023352049762686918];
  if (x !== x) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) {
    // erf(x) = x·(a₃ + a₂z + a₁z² + a₀z³ + a₄z⁴)/(b₃ + b₂z + b₁z² + b₀z³ + z⁴), z = x²
    const z = y > 1.1e-16 ? y * y : 0;
    let num = A[4]! * z;
    let den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]!) * z;
      den = (den + B[i]!) * z;
    }
    const e = (x * (num + A[3]!)) / (den + B[3]!);
    return complement ? 1 - e : e;
  }
  let r: number;
  if (y <= 4) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    r = (num + C[7]!) / (den + D[7]!);
  } else {
    const z = 1 / (y * y);
    let num = P[5]! * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * z;
      den = (den + Q[i]!) * z;
    }
    r = (z * (num + P[4]!)) / (den + Q[4]!);
    r = (0.56418958354775628695 - r) / y;
  }
  if (r !== 0) {
    // e^(−y²) = e^(−t²)·e^(−(y − t)(y + t)), t = ⌊16y⌋/16: t² is exact
    const t = Math.trunc(y * 16) / 16;
    r = Math.exp(-t * t) * Math.exp(-(y - t) * (y + t)) * r;
  }
  // r = erfc(|x|); erfc(−y) = 2 − erfc(y), erf(x) = sign(x)(1 − erfc(|x|))
  if (complement) return x < 0 ? 2 - r : r;
  return x < 0 ? r - 1 : 1 - r;
}

/** erf(x) = 2/√π ∫₀ˣ e^(−t²) dt. */
export const erf = (x: number): number => erfCody(x, 0);
/** erfc(x) = 1 − erf(x), accurate where erf(x) is close to 1. */
export const erfc = (x: number): number => erfCody(x, 1);

/** torch.round: to the nearest integer, ties to even (2.5 → 2, 3.5 → 4, −2.5 → −2). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round takes ties up; a tie that lands on an odd integer goes down instead
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** log(eᵃ + eᵇ) without overflow: max(a, b) + log1p(e^(−|a − b|)) (torch.logaddexp). */
export function logAddExp(a: number, b: number): number {
  const m = a > b ? a : b;
  if (a === b) return a + Math.LN2;
  if (m === Infinity || m === -Infinity) return m;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** torch.clamp(x, lo, hi) = min(max(x, lo), hi): hi when lo > hi, NaN when any is NaN. */
export function clamp(x: number, lo: number, hi: number): number {
  if (x !== x || lo !== lo || hi !== hi) return NaN;
  const m = x > lo ? x : lo;
  return m < hi ? m : hi;
}

/** log σ(x) without underflow: min(x, 0) − log1p(e^(−|x|)) (torch.nn.functional.logsigmoid). */
export function logSigmoid(x: number): number {
  return (x < 0 ? x : 0) - Math.log1p(Math.exp(-Math.abs(x)));
}
