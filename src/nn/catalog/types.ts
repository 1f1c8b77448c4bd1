/**
 * The shapes of catalog entries (see index.ts for how to add one). An entry states one
 * function of the network — an activation, a loss, an optimizer or a fusion of two — once,
 * with everything each consumer reads: the engine formula (the scalar view, the matrix view
 * and both compilers differentiate and lower it), the PyTorch name and the defaults of its
 * parameters (the file loader, the API builders, the documents), its LaTeX, the closed-form
 * local derivative a document or the matrix view shows, and the document sentences (en/ko).
 *
 * Parameters are named numbers with a PyTorch default and a range (`negative_slope`, `delta`,
 * `alpha`); an entry's functions receive them as `p`, typed by the names the entry declares.
 * A module with a trained tensor of its own (PReLU's slope) declares it as `learnable`: the
 * state_dict entry `<index>.<name>`, its size and initial value from the module's parameters.
 */
import type { Expr } from '../../expr/node.js';
import type { TNode } from '../matrix/node.js';
import type * as TB from '../matrix/build.js';
import type * as TC from '../matrix/composites.js';
import type { coef } from '../matrix/coef.js';
import type { NumberOpts } from '../validate.js';

/** Document sentences: English and Korean, `{f}` marking the entry's formula where it has one. */
export interface Sentence {
  readonly en: string;
  readonly ko: string;
}

export interface ParamDef {
  /** PyTorch's default. */
  readonly default: number;
  /** The range the file loader accepts. */
  readonly range?: NumberOpts;
  /** Printed in the PyTorch call even at its default (`nn.HuberLoss(delta=1)`). */
  readonly shown?: boolean;
  /**
   * A string option of PyTorch (GELU's `approximate: none | tanh`): the file names one of these,
   * the value is its index (`default` is the index of PyTorch's default).
   */
  readonly choices?: readonly string[];
  /** Values other than the default that the random-network tests use (edge cases such as β = 0). */
  readonly samples?: readonly number[];
}

export type Params<P extends string> = { readonly [K in P]: number };

/**
 * A tensor option of a loss (nn.CrossEntropyLoss's `weight`): a list with one number per class,
 * absent by default (PyTorch's None); the loader checks its length against the classes and its
 * values against `min`.
 */
export interface VectorDef {
  /** One number per class (a class loss) or per output (an elementwise loss). */
  readonly per: 'class' | 'output';
  readonly min?: number;
}

/**
 * The tensor builders, handed to an entry's matrix-view forms so the catalog imports no tensor
 * code: the node builders, coefficients, the placeholders #0, #1 of elementwise maps, and a
 * catalog activation applied elementwise.
 */
export type TensorBuilders = typeof TB & typeof TC & {
  readonly coef: typeof coef;
  readonly P0: Expr;
  readonly P1: Expr;
  readonly activation: (a: TNode, name: string) => TNode;
};

/**
 * The trained tensor of an activation module (nn.PReLU's `weight`): one value shared by every
 * feature, or one per feature (channel, dim=1). The layer's state_dict entry is
 * `<index>.<name>` of shape [size]; it gets a gradient and optimizer updates like a Linear's.
 */
export interface Learnable<P extends string = string> {
  /** The state_dict name: `weight`. */
  readonly name: string;
  /** Number of values (1, or the width of the layer). */
  readonly size: (p: Params<P>) => number;
  /** The initial value of every element. */
  readonly init: (p: Params<P>) => number;
  /** LaTeX base of its scalar symbols (α_1, α_2, …) and tensor (α^{(l)}). */
  readonly symbol: string;
  /** "the PReLU slope's derivative (0 where z > 0, else z)": ∂a/∂α in a document. */
  readonly rule: Sentence;
}

/** An elementwise activation layer, nn.<torch>(…). */
export interface ActivationEntry<P extends string = string, N extends string = string> {
  /** The PyTorch module class: `nn.${torch}`. Also the API builder's name. */
  readonly torch: N;
  /** Parameters in PyTorch's positional order. */
  readonly params: { readonly [K in P]: ParamDef };
  /**
   * f(x) as an engine formula with PyTorch's numerics; `textbook` drops numerical guards
   * (softplus's threshold) for readable documents where the values agree. `w` is the value of
   * the learnable tensor at x's feature (a symbol or a placeholder), for an entry that has one.
   */
  readonly f: (x: Expr, p: Params<P>, textbook: boolean, w?: Expr) => Expr;
  /** The module's trained tensor, if it has one (PReLU). */
  readonly learnable?: Learnable<P>;
  /** The function's LaTeX name; the matrix view prints `name\left(Z\right)`. */
  readonly latex: string;
  /** How a document writes f(z) out when it is applied (raw applications): σ(z) = 1/(1 + e^{−z}). */
  readonly display?: (z: Expr, p: Params<P>) => Expr;
  /** ∂f/∂z as a document names it, LaTeX in z: the `{f}` of the rule sentence. */
  readonly derivative?: string;
  /** "the sigmoid derivative {f}": the rule that gives the local factor in a document. */
  readonly rule: Sentence;
  /** Points where tests compare f and f′ with their oracle (every branch and the kinks). */
  readonly testPoints: readonly number[];
}

/** An elementwise loss ℓ(ŷ, y), reduced by mean (over every element) or sum. */
export interface LossEntry<P extends string = string, N extends string = string> {
  /** `nn.${torch}`; also the API builder's name. */
  readonly torch: N;
  readonly params: { readonly [K in P]: ParamDef };
  /** Tensor options, one number per output (nn.BCELoss's `weight`); absent by default. */
  readonly vectors?: Readonly<Record<string, VectorDef>>;
  /**
   * ℓ with the tensor options applied for output k (`v` their values there): ℓ·w_k for BCE's weight,
   * ℓ + (p_k − 1)·y·softplus(−x) for BCEWithLogits's pos_weight.
   */
  readonly weighted?: (l: Expr, yhat: Expr, y: Expr, v: Readonly<Record<string, Expr>>) => Expr;
  /** Targets must lie in [0, 1] (probabilities), as nn.BCELoss requires. */
  readonly probabilityTargets?: boolean;
  /** ℓ(ŷ, y) with PyTorch's numerics; `textbook` drops guards (BCE's log clamp). */
  readonly f: (yhat: Expr, y: Expr, p: Params<P>, textbook: boolean) => Expr;
  /** LaTeX template of ℓ in #1 = Ŷ, #2 = Y for the matrix view. */
  readonly latex: (p: Params<P>) => string;
  /**
   * ∂ℓ/∂Ŷ as the tensor the matrix view shows and computes (the value PyTorch's backward
   * computes); without it the factor is derived from `f`.
   */
  readonly matrixLocal?: (yhat: TNode, y: TNode, p: Params<P>, T: TensorBuilders) => TNode;
  /** ∂ℓ/∂ŷ as a textbook writes it (raw applications), for a document's factor line. */
  readonly docLocal?: (yhat: Expr, y: Expr, p: Params<P>) => Expr;
  /** Points (ŷ, y) where tests compare ℓ and ∂ℓ/∂ŷ with their oracle. */
  readonly testPoints: readonly (readonly [number, number])[];
}

/** A loss∘output pair whose local factors cancel to a simpler ∂ℓ/∂z. */
export interface FusionEntry {
  readonly name: string;
  readonly loss: string;
  /** The activation applied last, whose input z receives the fused factor (none: the loss takes logits). */
  readonly activation?: string;
  /**
   * ∂ℓ/∂z from the output a = f(z), the target y and z itself (before the reduction), with
   * PyTorch's numerics; `textbook` gives the form a document prints (σ − y).
   */
  readonly grad: (a: Expr, y: Expr, z: Expr, textbook?: boolean) => Expr;
  /**
   * The same factor as a tensor: from the inner (activation) node and Y, or, for a loss the
   * matrix view writes as a composite (`composite`), from its logits Z and targets Q.
   */
  readonly matrix?: (inner: TNode, y: TNode, T: TensorBuilders) => TNode;
  /** The matrix view's composite (nn/matrix/composites.ts) whose derivative this factor is. */
  readonly composite?: string;
  /** LaTeX of the fused factor, the `{f}` of the sentence. */
  readonly latex: string;
  readonly rule: Sentence;
}

/** The arithmetic an optimizer rule is written in: float64/float32 numbers or engine Exprs. */
export interface Arith<T> {
  /** A constant used as PyTorch uses a Python float (not rounded to the tensor's dtype). */
  lit(v: number): T;
  /** A constant PyTorch first stores in the tensor's dtype (rounded in float32). */
  tensorLit(v: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** `host`: computed in Python floats (never rounded), as PyTorch's step-size scalars are. */
  div(a: T, b: T, host?: boolean): T;
  sqrt(a: T): T;
  /** `a` on the first step, `b` after. */
  first(flag: T, a: T, b: T): T;
}

/** The per-step scalars an update reads: 1 on the first step, 1 − β₁ᵗ, √(1 − β₂ᵗ). */
export type Uniform = 'first' | 'bc1' | 'bc2sqrt';

/** One parameter's inputs to an update: p, its gradient g, the optimizer's state, the uniforms. */
export interface UpdateInputs<T> {
  readonly p: T;
  readonly g: T;
  readonly s: readonly T[];
  readonly u: Readonly<Record<Uniform, T>>;
}

export interface OptimizerEntry<O> {
  /** `optim.${torch}`; also the API builder's name. */
  readonly torch: string;
  /** Number of state arrays the rule keeps per parameter (momentum buffer, moments). */
  readonly state: (o: O) => number;
  /** The uniforms the rule reads. */
  readonly uniforms: (o: O) => readonly Uniform[];
  /** New p and new state, in PyTorch's order of operations. */
  readonly update: <T>(o: O, A: Arith<T>, x: UpdateInputs<T>) => { p: T; s: T[] };
  /** The options a document's PyTorch call lists (`lr=0.5, momentum=0.9`). */
  readonly describe: (o: O) => string;
}
