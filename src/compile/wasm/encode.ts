/**
 * A small typed WebAssembly binary encoder: just the sections, instructions and SIMD128 opcodes
 * the wasm backend emits. `Code` builds one function body (locals declared by type, instructions
 * appended as bytes with LEB128 immediates); `encodeModule` assembles types, imports (functions
 * and one memory, optionally shared), functions and exports into a binary. No dependency and no
 * validation beyond what WebAssembly.Module does: it is fast (a few ms for the largest programs
 * we emit), where binaryen's JS build costs ~100 ms just to load.
 */

export type ValType = 'i32' | 'f32' | 'f64' | 'v128';
const VALTYPE: Readonly<Record<ValType, number>> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/** Instruction opcodes (single byte), by the names of the WebAssembly text format. */
export const OP = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d, return: 0x0f, call: 0x10,
  drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f,
  'f64.eq': 0x61, 'f64.ne': 0x62, 'f64.lt': 0x63, 'f64.gt': 0x64, 'f64.le': 0x65, 'f64.ge': 0x66,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_u': 0x6e, 'i32.and': 0x71, 'i32.or': 0x72, 'i32.shl': 0x74, 'i32.shr_s': 0x75,
  'f32.add': 0x92, 'f32.sub': 0x93, 'f32.mul': 0x94, 'f32.div': 0x95,
  'f64.abs': 0x99, 'f64.neg': 0x9a, 'f64.floor': 0x9c, 'f64.sqrt': 0x9f,
  'f64.add': 0xa0, 'f64.sub': 0xa1, 'f64.mul': 0xa2, 'f64.div': 0xa3, 'f64.min': 0xa4, 'f64.max': 0xa5, 'f64.copysign': 0xa6,
  'f64.nearest': 0x9e, 'i64.add': 0x7c, 'i64.shl': 0x86, 'i64.extend_i32_s': 0xac, 'f64.reinterpret_i64': 0xbf,
  'i32.trunc_f64_s': 0xaa, 'f32.demote_f64': 0xb6, 'f64.convert_i32_s': 0xb7, 'f64.promote_f32': 0xbb,
} as const;

/** SIMD128 opcodes (after the 0xfd prefix). */
export const SIMD = {
  'v128.load': 0x00, 'v128.store': 0x0b, 'v128.const': 0x0c,
  'f32x4.splat': 0x13, 'f64x2.splat': 0x14, 'f32x4.extract_lane': 0x1f, 'f64x2.extract_lane': 0x21,
  'f32x4.add': 0xe4, 'f32x4.sub': 0xe5, 'f32x4.mul': 0xe6, 'f64x2.add': 0xf0, 'f64x2.sub': 0xf1, 'f64x2.mul': 0xf2,
} as const;

/** Thread opcodes (after the 0xfe prefix), all on naturally aligned i32s. */
export const ATOMIC = {
  'memory.atomic.notify': 0x00, 'memory.atomic.wait32': 0x01, 'i32.atomic.load': 0x10, 'i32.atomic.store': 0x17, 'i32.atomic.rmw.add': 0x1e,
} as const;

const MEM_OPS = { 'f64.load': [0x2b, 3], 'f32.load': [0x2a, 2], 'i32.load': [0x28, 2], 'f64.store': [0x39, 3], 'f32.store': [0x38, 2], 'i32.store': [0x36, 2] } as const;

/** One function body under construction. Locals are allocated after the parameters. */
export class Code {
  readonly bytes: number[] = [];
  private readonly locals: ValType[] = [];
  constructor(readonly params: readonly ValType[], readonly results: readonly ValType[]) {}

  /** A new local of the given type; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  op(name: keyof typeof OP): this {
    this.bytes.push(OP[name]);
    return this;
  }

  simd(name: keyof typeof SIMD, lane?: number): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, SIMD[name]);
    if (name === 'v128.load' || name === 'v128.store') {
      throw new Error('use vload/vstore');
    }
    if (lane !== undefined) this.bytes.push(lane);
    return this;
  }

  /** v128.load/store with a static byte offset (alignment hint 16 bytes when `aligned`). */
  vload(offset: number, aligned = false): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, SIMD['v128.load']);
    uleb(this.bytes, aligned ? 4 : 0);
    uleb(this.bytes, offset);
    return this;
  }

  /** v128.load32_splat (f32) or v128.load64_splat (f64): one element into every lane. */
  vsplat(bytes: 4 | 8, offset: number): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, bytes === 4 ? 0x09 : 0x0a);
    uleb(this.bytes, bytes === 4 ? 2 : 3);
    uleb(this.bytes, offset);
    return this;
  }

  vstore(offset: number): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, SIMD['v128.store']);
    uleb(this.bytes, 0);
    uleb(this.bytes, offset);
    return this;
  }

  mem(name: keyof typeof MEM_OPS, offset: number): this {
    const [code, align] = MEM_OPS[name];
    this.bytes.push(code);
    uleb(this.bytes, align);
    uleb(this.bytes, offset);
    return this;
  }

  /** Atomic memory ops (0xfe prefix) on an i32 at a static byte address plus the pushed base. */
  atomic(name: keyof typeof ATOMIC, offset: number): this {
    this.bytes.push(0xfe);
    uleb(this.bytes, ATOMIC[name]);
    uleb(this.bytes, 2);
    uleb(this.bytes, offset);
    return this;
  }

  /** i64.const -1 (the infinite timeout of memory.atomic.wait32). */
  i64MinusOne(): this {
    this.bytes.push(0x42, 0x7f);
    return this;
  }

  get(i: number): this {
    this.bytes.push(0x20);
    uleb(this.bytes, i);
    return this;
  }

  set(i: number): this {
    this.bytes.push(0x21);
    uleb(this.bytes, i);
    return this;
  }

  tee(i: number): this {
    this.bytes.push(0x22);
    uleb(this.bytes, i);
    return this;
  }

  i32(v: number): this {
    this.bytes.push(0x41);
    sleb(this.bytes, v | 0);
    return this;
  }

  i64(v: number): this {
    this.bytes.push(0x42);
    sleb(this.bytes, v | 0);
    return this;
  }

  f64(v: number): this {
    this.bytes.push(0x44);
    scratch.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.bytes.push(scratch.getUint8(i));
    return this;
  }

  f32(v: number): this {
    this.bytes.push(0x43);
    scratch.setFloat32(0, v, true);
    for (let i = 0; i < 4; i++) this.bytes.push(scratch.getUint8(i));
    return this;
  }

  /** `block`/`loop`/`if` with an empty or single-value result type. */
  begin(kind: 'block' | 'loop' | 'if', result?: ValType): this {
    this.bytes.push(OP[kind], result ? VALTYPE[result] : 0x40);
    return this;
  }

  br(depth: number, conditional = false): this {
    this.bytes.push(conditional ? OP.br_if : OP.br);
    uleb(this.bytes, depth);
    return this;
  }

  call(fn: number): this {
    this.bytes.push(OP.call);
    uleb(this.bytes, fn);
    return this;
  }

  /** for (i = from; i < to; i += step) body() — to > from known at compile time, so a do-while. */
  forRange(i: number, from: number, to: number, step: number, body: () => void): this {
    if (to <= from) return this;
    this.i32(from).set(i);
    this.begin('loop');
    body();
    this.get(i).i32(step).op('i32.add').tee(i).i32(to).op('i32.lt_s').br(0, true);
    this.op('end');
    return this;
  }

  /** The encoded body: local declarations (run-length by type), instructions, `end`. */
  encode(): number[] {
    const out: number[] = [];
    const runs: Array<[number, ValType]> = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(out, runs.length);
    for (const [n, t] of runs) {
      uleb(out, n);
      out.push(VALTYPE[t]);
    }
    out.push(...this.bytes, OP.end);
    return out;
  }
}

export interface FuncImport {
  readonly module: string;
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface ModuleSpec {
  readonly imports: readonly FuncImport[];
  /** Imported as env.memory: initial (= maximum) pages of 64 KiB; shared for threads. */
  readonly memory: { readonly pages: number; readonly shared: boolean };
  readonly funcs: ReadonlyArray<{ readonly name: string; readonly code: Code }>;
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  uleb(out, body.length);
  for (const b of body) out.push(b);
}

function str(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  out.push(...bytes);
}

/** Assemble the module. Function indices: imports first, then `funcs` in order (all exported). */
export function encodeModule(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  const sigs: string[] = [];
  const sigIndex = (params: readonly ValType[], results: readonly ValType[]) => {
    const key = `${params.join(',')}>${results.join(',')}`;
    let i = sigs.indexOf(key);
    if (i < 0) i = sigs.push(key) - 1;
    return i;
  };
  const importSigs = spec.imports.map((f) => sigIndex(f.params, f.results));
  const funcSigs = spec.funcs.map((f) => sigIndex(f.code.params, f.code.results));
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, sigs.length);
  for (const key of sigs) {
    const [p, r] = key.split('>') as [string, string];
    const ps = p ? (p.split(',') as ValType[]) : [];
    const rs = r ? (r.split(',') as ValType[]) : [];
    types.push(0x60);
    uleb(types, ps.length);
    for (const t of ps) types.push(VALTYPE[t]);
    uleb(types, rs.length);
    for (const t of rs) types.push(VALTYPE[t]);
  }
  section(out, 1, types);
  const imports: number[] = [];
  uleb(imports, spec.imports.length + 1);
  spec.imports.forEach((f, i) => {
    str(imports, f.module);
    str(imports, f.name);
    imports.push(0x00);
    uleb(imports, importSigs[i]!);
  });
  str(imports, 'env');
  str(imports, 'memory');
  imports.push(0x02, spec.memory.shared ? 0x03 : 0x01);
  uleb(imports, spec.memory.pages);
  uleb(imports, spec.memory.pages);
  section(out, 2, imports);
  const funcs: number[] = [];
  uleb(funcs, spec.funcs.length);
  for (const s of funcSigs) uleb(funcs, s);
  section(out, 3, funcs);
  const exports: number[] = [];
  uleb(exports, spec.funcs.length);
  spec.funcs.forEach((f, i) => {
    str(exports, f.name);
    exports.push(0x00);
    uleb(exports, spec.imports.length + i);
  });
  section(out, 7, exports);
  const code: number[] = [];
  uleb(code, spec.funcs.length);
  for (const f of spec.funcs) {
    const body = f.code.encode();
    uleb(code, body.length);
    for (const b of body) code.push(b);
  }
  section(out, 10, code);
  return Uint8Array.from(out);
}
