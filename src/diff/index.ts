/** Differentiation: the reverse-mode driver and the chain rule over programs. */
export * from './reverse.js';
export * from './program.js';
