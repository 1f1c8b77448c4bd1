"use strict";
// symgrad compiled gradient: 4 layers, batch 1, float64
// grad(p, x, y, g): g <- dL/dp, returns L;  step(p, x, y): optimizer step in place, returns L
// x: 1 x 2 row-major;  y: 1 x 1 row-major
// p[0..3] = 0.weight [2 x 2]
// p[4..5] = 0.bias [2]
// p[6..7] = 2.weight [1 x 2]
// p[8..8] = 2.bias [1]
// view: scalar (straight-line)
const gs = new Float64Array(9); // gradient buffer of step()
let t = 0; // optimizer step count
function grad(p, x, y, g) {
  const i0 = p[0]; // 0.weight element 0
  const i1 = p[1]; // 0.weight element 1
  const i2 = p[2]; // 0.weight element 2
  const i3 = p[3]; // 0.weight element 3
  const i4 = p[4]; // 0.bias element 0
  const i5 = p[5]; // 0.bias element 1
  const i6 = p[6]; // 2.weight element 0
  const i7 = p[7]; // 2.weight element 1
  const i8 = p[8]; // 2.bias element 0
  const i9 = x[0]; // input element 0
  const i10 = x[1]; // input element 1
  const i11 = y[0]; // target element 0
  const t0 = (i0 * i9); // t0 = i0 * i9
  const t1 = (i1 * i10); // t1 = i1 * i10
  const t2 = (t0 + t1); // t2 = t0 + t1
  const t3 = (t2 + i4); // t3 = t2 + i4
  const t4 = (1 / (1 + Math.exp(-t3))); // t4 = sigmoid(t3)
  const t5 = (i6 * t4); // t5 = i6 * t4
  const t6 = (i2 * i9); // t6 = i2 * i9
  const t7 = (i3 * i10); // t7 = i3 * i10
  const t8 = (t6 + t7); // t8 = t6 + t7
  const t9 = (t8 + i5); // t9 = t8 + i5
  const t10 = (1 / (1 + Math.exp(-t9))); // t10 = sigmoid(t9)
  const t11 = (i7 * t10); // t11 = i7 * t10
  const t12 = (t5 + t11); // t12 = t5 + t11
  const t13 = (t12 + i8); // t13 = t12 + i8
  const t14 = (1 / (1 + Math.exp(-t13))); // t14 = sigmoid(t13)
  const t15 = Math.log(t14); // t15 = log(t14)
  const t16 = Math.max(t15, (-100)); // t16 = max(t15, (-100))
  const t17 = (i11 * t16); // t17 = i11 * t16
  const t18 = (1 - i11); // t18 = 1 - i11
  const t19 = (1 - t14); // t19 = 1 - t14
  const t20 = Math.log(t19); // t20 = log(t19)
  const t21 = Math.max(t20, (-100)); // t21 = max(t20, (-100))
  const t22 = (t18 * t21); // t22 = t18 * t21
  const t23 = (t17 + t22); // t23 = t17 + t22
  const t24 = (-t23); // t24 = -t23
  const t25 = (t14 * t19); // t25 = t14 * t19
  const t27 = (t14 - i11); // t27 = t14 - i11
  const t28 = (t27 / 1e-12); // t28 = t27 / 1e-12
  const t29 = (t28 * t25); // t29 = t28 * t25
  const t30 = (t25 >= 1e-12 ? t27 : t29); // t30 = where(t25 >= 1e-12, t27, t29)
  const t31 = (t30 * i6); // t31 = t30 * i6
  const t32 = (1 - t4); // t32 = 1 - t4
  const t33 = (t4 * t32); // t33 = t4 * t32
  const t34 = (t31 * t33); // t34 = t31 * t33
  const t35 = (t34 * i9); // t35 = t34 * i9
  const t36 = (t34 * i10); // t36 = t34 * i10
  const t37 = (t30 * i7); // t37 = t30 * i7
  const t38 = (1 - t10); // t38 = 1 - t10
  const t39 = (t10 * t38); // t39 = t10 * t38
  const t40 = (t37 * t39); // t40 = t37 * t39
  const t41 = (t40 * i9); // t41 = t40 * i9
  const t42 = (t40 * i10); // t42 = t40 * i10
  const t43 = (t30 * t4); // t43 = t30 * t4
  const t44 = (t30 * t10); // t44 = t30 * t10
  g[0] = t35; // dL/d(0.weight element 0)
  g[1] = t36; // dL/d(0.weight element 1)
  g[2] = t41; // dL/d(0.weight element 2)
  g[3] = t42; // dL/d(0.weight element 3)
  g[4] = t34; // dL/d(0.bias element 0)
  g[5] = t40; // dL/d(0.bias element 1)
  g[6] = t43; // dL/d(2.weight element 0)
  g[7] = t44; // dL/d(2.weight element 1)
  g[8] = t30; // dL/d(2.bias element 0)
  return t24;
}
function step(p, x, y) {
  const loss = grad(p, x, y, gs);
  t += 1;
  {
    // sgd update of parameters 0..8
    for (let k = 0; k < 9; k++) {
      const i0 = p[k];
      const i1 = gs[k];
      const t0 = (i0 - i1); // t0 = i0 - i1
      p[k] = t0;
    }
  }
  return loss;
}
function reset() { t = 0; }
return { grad, step, reset };
