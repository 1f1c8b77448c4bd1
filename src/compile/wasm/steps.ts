/**
 * The wasm backend's emitters for every loop step except the matrix product (matmul.ts): fused
 * elementwise maps (their lowered scalar block evaluated in f64 locals, transcendentals imported
 * from Math so that values equal the JS backend's and the interpreter's bit for bit), transposes,
 * bias broadcasts, column and row sums, one-hot targets (a bad class index calls back into
 * JavaScript, which throws), and softmax and cross-entropy by rows. Maps, transposes and zeroing
 * are split between threads; the small row-wise steps run on thread 0.
 */
import type { Operand, ScalarBlock } from '../lower.js';
import type { MapInput, Step, View } from '../loops.js';
import type { Emit } from './context.js';

type MapStep = Extract<Step, { kind: 'map' }>;

/**
 * Evaluate a map's block for the element at byte offset `kb` (an i32 local holding k·E) and
 * store its outputs. `uniform` maps a uniform's name to the f64 parameter holding it.
 */
export function emitMapElement(e: Emit, s: MapStep, kb: number): void {
  const c = e.code;
  const vals = new Map<number, number>();
  const inputs = new Map<number, number>();
  const push = (o: Operand) => {
    if (o.kind === 'const') c.f64(o.value);
    else if (o.kind === 'local') c.get(vals.get(o.index)!);
    else {
      let l = inputs.get(o.index);
      if (l === undefined) {
        const inp: MapInput = s.inputs[o.index]!;
        if ('uniform' in inp) l = e.uniforms.get(inp.uniform)!;
        else {
          l = c.local('f64');
          e.load(inp, kb);
          c.set(l);
        }
        inputs.set(o.index, l);
      }
      c.get(l);
    }
  };
  emitBlock(e, s.block, push, vals);
  s.block.outputs.forEach((o, j) => {
    const st = s.stores[j];
    if (!st) return;
    const l = c.local('f64');
    push(o);
    c.set(l);
    e.store(st, kb, 0, l);
  });
}

const BIN = { add: 'f64.add', sub: 'f64.sub', mul: 'f64.mul', div: 'f64.div', max: 'f64.max', min: 'f64.min' } as const;
const CMP = { gt: 'f64.gt', ge: 'f64.ge', lt: 'f64.lt', le: 'f64.le', eq: 'f64.eq' } as const;

/** Each instruction of the block into a new f64 local (vals: instruction index → local). */
function emitBlock(e: Emit, block: ScalarBlock, push: (o: Operand) => void, vals: Map<number, number>): void {
  const c = e.code;
  for (const ins of block.instrs) {
    const a = ins.args;
    const op = ins.op;
    if (op in BIN) {
      push(a[0]!);
      push(a[1]!);
      c.op(BIN[op as keyof typeof BIN]);
    } else if (op in CMP) {
      push(a[0]!);
      push(a[1]!);
      c.op(CMP[op as keyof typeof CMP]).op('f64.convert_i32_s');
    } else {
      switch (op) {
        case 'neg': push(a[0]!); c.op('f64.neg'); break;
        case 'sqrt': push(a[0]!); c.op('f64.sqrt'); break;
        case 'abs': push(a[0]!); c.op('f64.abs'); break;
        case 'exp': case 'log': case 'tanh': case 'sign':
          push(a[0]!);
          e.call(op);
          break;
        case 'pow':
          if (a[1]!.kind === 'const' && a[1]!.value === 2) {
            push(a[0]!);
            push(a[0]!);
            c.op('f64.mul');
          } else {
            push(a[0]!);
            push(a[1]!);
            e.call('pow');
          }
          break;
        case 'sigmoid': // 1 / (1 + exp(-a)), as the JS backend writes it
          c.f64(1).f64(1);
          push(a[0]!);
          c.op('f64.neg');
          e.call('exp');
          c.op('f64.add').op('f64.div');
          break;
        case 'relu': // a > 0 ? a : 0
          push(a[0]!);
          c.f64(0);
          push(a[0]!);
          c.f64(0).op('f64.gt').op('select');
          break;
        case 'leaky_relu': // a > 0 ? a : a·α
          push(a[0]!);
          push(a[0]!);
          push(a[1]!);
          c.op('f64.mul');
          push(a[0]!);
          c.f64(0).op('f64.gt').op('select');
          break;
        case 'softplus': // a > 20 ? a : log1p(exp(a))
          push(a[0]!);
          push(a[0]!);
          e.call('exp');
          e.call('log1p');
          push(a[0]!);
          c.f64(20).op('f64.gt').op('select');
          break;
        case 'where': // cond !== 0 ? a : b
          push(a[1]!);
          push(a[2]!);
          push(a[0]!);
          c.f64(0).op('f64.ne').op('select');
          break;
        case 'floor': case 'ceil': case 'trunc':
          push(a[0]!);
          c.op(`f64.${op as 'floor' | 'ceil' | 'trunc'}`);
          break;
        case 'round': // half to even, as torch.round
          push(a[0]!);
          c.op('f64.nearest');
          break;
        default: // every other op of the table, imported (context.ts TABLE_IMPORTS)
          for (const x of a) push(x);
          e.call(`op_${op}`);
      }
    }
    const l = c.local('f64');
    c.set(l);
    vals.set(ins.index, l);
  }
}

/** A map over n elements, split between threads. */
function emitMap(e: Emit, s: MapStep): void {
  const c = e.code;
  const [lo, hi, k] = [c.local('i32'), c.local('i32'), c.local('i32')];
  e.part(s.n, lo, hi);
  c.get(lo).i32(e.E).op('i32.mul').set(lo);
  c.get(hi).i32(e.E).op('i32.mul').set(hi);
  e.loopLocals(k, lo, hi, e.E, () => emitMapElement(e, s, k));
}

/** for k in [0, n): body(k·E byte local) — a serial loop with static bounds. */
function serial(e: Emit, n: number, body: (kb: number) => void): void {
  if (n <= 0) return;
  const kb = e.code.local('i32');
  e.code.forRange(kb, 0, n * e.E, e.E, () => body(kb));
}

/** acc (an f64 local) ← acc op element. */
function accumulate(e: Emit, acc: number, v: View, kb: number, index: number, op: 'f64.add' | 'f64.max'): void {
  e.code.get(acc);
  e.load(v, kb, index);
  e.code.op(op).set(acc);
}

/** Emit one non-product step. `loss` is the f64 local accumulating L. */
export function emitStep(e: Emit, s: Exclude<Step, { kind: 'matmulNT' }>, loss: number): void {
  const c = e.code;
  const E = e.E;
  switch (s.kind) {
    case 'map':
      emitMap(e, s);
      return;
    case 'zero': {
      const [lo, hi, k] = [c.local('i32'), c.local('i32'), c.local('i32')];
      const z = c.local('f64');
      e.part(s.n, lo, hi);
      c.get(lo).i32(E).op('i32.mul').set(lo);
      c.get(hi).i32(E).op('i32.mul').set(hi);
      e.loopLocals(k, lo, hi, E, () => e.store(s.view, k, 0, z));
      return;
    }
    case 'transpose': {
      // out[c·rows + r] = in[r·cols + c], rows split between threads.
      const [lo, hi, r, src, dst, t] = [c.local('i32'), c.local('i32'), c.local('i32'), c.local('i32'), c.local('i32'), c.local('f64')];
      e.part(s.rows, lo, hi);
      e.loopLocals(r, lo, hi, 1, () => {
        c.get(r).i32(s.cols * E).op('i32.mul').set(src);
        c.get(r).i32(E).op('i32.mul').set(dst);
        const end = c.local('i32');
        c.get(src).i32(s.cols * E).op('i32.add').set(end);
        c.begin('loop');
        e.load(s.in, src);
        c.set(t);
        e.store(s.out, dst, 0, t);
        c.get(dst).i32(s.rows * E).op('i32.add').set(dst);
        c.get(src).i32(E).op('i32.add').tee(src).get(end).op('i32.lt_s').br(0, true);
        c.op('end');
      });
      return;
    }
    case 'broadcast':
      e.onlyFirst(() => {
        const t = c.local('f64');
        const [r, col] = [c.local('i32'), c.local('i32')];
        c.forRange(r, 0, s.rows, 1, () => {
          c.forRange(col, 0, s.cols, 1, () => {
            const src = c.local('i32');
            c.i32(0);
            if (s.inRows !== 1) c.get(r).i32(s.inCols).op('i32.mul').op('i32.add');
            if (s.inCols !== 1) c.get(col).op('i32.add');
            c.i32(E).op('i32.mul').set(src);
            e.load(s.in, src);
            c.set(t);
            const dst = c.local('i32');
            c.get(r).i32(s.cols).op('i32.mul').get(col).op('i32.add').i32(E).op('i32.mul').set(dst);
            e.store(s.out, dst, 0, t);
          });
        });
      });
      return;
    case 'colSum':
      e.onlyFirst(() => {
        const acc = c.local('f64');
        if (s.shared) {
          c.f64(0).set(acc);
          serial(e, s.rows * s.cols, (kb) => accumulate(e, acc, s.in, kb, 0, 'f64.add'));
          e.store(s.out, -1, 0, acc);
          return;
        }
        const [col, rb] = [c.local('i32'), c.local('i32')];
        c.forRange(col, 0, s.cols * E, E, () => {
          e.load(s.in, col);
          c.set(acc);
          if (s.rows > 1) {
            c.get(col).set(rb);
            c.forRange(rb, s.cols * E, s.rows * s.cols * E, s.cols * E, () => {
              c.get(acc);
              c.get(rb).get(col).op('i32.add');
              if (E === 4) c.mem('f32.load', e.addr(s.in)).op('f64.promote_f32');
              else c.mem('f64.load', e.addr(s.in));
              c.op('f64.add').set(acc);
            });
          }
          e.store(s.out, col, 0, acc);
        });
      });
      return;
    case 'rowSum':
      e.onlyFirst(() => {
        const acc = c.local('f64');
        const [r, rb] = [c.local('i32'), c.local('i32')];
        c.forRange(r, 0, s.rows, 1, () => {
          c.get(r).i32(s.cols * E).op('i32.mul').set(rb);
          c.f64(0).set(acc);
          for (let j = 0; j < s.cols; j++) accumulate(e, acc, s.in, rb, j, 'f64.add');
          c.get(r).i32(E).op('i32.mul').set(rb);
          e.store(s.out, rb, 0, acc);
        });
      });
      return;
    case 'softmax':
    case 'xentRows':
      e.onlyFirst(() => emitRows(e, s));
      return;
    case 'onehot':
      e.onlyFirst(() => {
        const [r, rb, col] = [c.local('i32'), c.local('i32'), c.local('i32')];
        const [cls, t] = [c.local('f64'), c.local('f64')];
        c.forRange(r, 0, s.rows, 1, () => {
          c.get(r).i32(E).op('i32.mul').set(rb);
          e.load(s.target, rb);
          c.tee(cls).f64(0).op('f64.ge');
          c.get(cls).f64(s.classes).op('f64.lt').op('i32.and');
          c.get(cls).op('f64.floor').get(cls).op('f64.eq').op('i32.and');
          c.op('i32.eqz').begin('if');
          e.call('badClass');
          c.op('end');
          c.get(r).i32(s.classes * E).op('i32.mul').set(rb);
          c.forRange(col, 0, s.classes, 1, () => {
            c.f64(s.smoothing / s.classes).f64(1 - s.smoothing).f64(0);
            c.get(col).op('f64.convert_i32_s').get(cls).op('f64.eq').op('select').op('f64.add').set(t);
            const kb = c.local('i32');
            c.get(rb).get(col).i32(E).op('i32.mul').op('i32.add').set(kb);
            e.store(s.out, kb, 0, t);
          });
        });
      });
      return;
    case 'loss':
      e.onlyFirst(() => {
        c.get(loss);
        e.load(s.view, -1);
        c.op('f64.add').set(loss);
      });
      return;
  }
}

/** softmax or cross-entropy of each row (row maximum subtracted first), as the JS backend. */
function emitRows(e: Emit, s: Extract<Step, { kind: 'softmax' | 'xentRows' }>): void {
  const c = e.code;
  const E = e.E;
  const cols = s.cols;
  const src = s.kind === 'softmax' ? s.in : s.logits;
  const [r, rb, t] = [c.local('i32'), c.local('i32'), c.local('f64')];
  const [mx, sum] = [c.local('f64'), c.local('f64')];
  c.forRange(r, 0, s.rows, 1, () => {
    c.get(r).i32(cols * E).op('i32.mul').set(rb);
    c.f64(-Infinity).set(mx);
    // JS: if (v > mx) mx = v — NaN never wins; f64.max would propagate it, so compare instead.
    for (let j = 0; j < cols; j++) {
      e.load(src, rb, j);
      c.set(t);
      c.get(t).get(mx).get(t).get(mx).op('f64.gt').op('select').set(mx);
    }
    c.f64(0).set(sum);
    for (let j = 0; j < cols; j++) {
      e.load(src, rb, j);
      c.get(mx).op('f64.sub');
      e.call('exp');
      if (s.kind === 'softmax') {
        c.set(t);
        e.store(s.out, rb, j, t);
        c.get(sum).get(t).op('f64.add').set(sum);
      } else {
        c.get(sum).op('f64.add').set(sum);
      }
    }
    if (s.kind === 'softmax' && s.log) {
      // lse = mx + log(se);  out = z − lse for each column
      c.get(mx).get(sum);
      e.call('log');
      c.op('f64.add').set(mx);
      for (let j = 0; j < cols; j++) {
        e.load(src, rb, j);
        c.get(mx).op('f64.sub').set(t);
        e.store(s.out, rb, j, t);
      }
      return;
    }
    if (s.kind === 'softmax') {
      for (let j = 0; j < cols; j++) {
        e.load(s.out, rb, j);
        c.get(sum).op('f64.div').set(t);
        e.store(s.out, rb, j, t);
      }
      return;
    }
    // lse = mx + log(se);  l = 0;  l -= q·(z − lse) for each column
    c.get(mx).get(sum);
    e.call('log');
    c.op('f64.add').set(mx);
    c.f64(0).set(sum);
    for (let j = 0; j < cols; j++) {
      c.get(sum);
      e.load(s.q, rb, j);
      e.load(src, rb, j);
      c.get(mx).op('f64.sub').op('f64.mul').op('f64.sub').set(sum);
    }
    c.get(r).i32(E).op('i32.mul').set(rb);
    e.store(s.out, rb, 0, sum);
  });
}
