/**
 * The page's state in its URL, so that a link reproduces the page: `?net=` and `?doc=` carry
 * the network file and the worked example as base64url UTF-8, `?formula=` the formula as text,
 * and `?lang=`, `?backend=`, `?steps=` the settings. Unknown or malformed values fall back to
 * the defaults; nothing from the URL is ever run as code.
 */
export interface State {
  net: string;
  formula: string;
  doc: string;
  lang: 'en' | 'ko';
  backend: string;
  steps: number;
}

export function toBase64Url(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): string | undefined {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export function readState(search: string, defaults: State): State {
  const q = new URLSearchParams(search);
  const steps = Number(q.get('steps'));
  return {
    net: (q.has('net') ? fromBase64Url(q.get('net')!) : undefined) ?? defaults.net,
    formula: q.get('formula') ?? defaults.formula,
    doc: (q.has('doc') ? fromBase64Url(q.get('doc')!) : undefined) ?? defaults.doc,
    lang: q.get('lang') === 'ko' ? 'ko' : q.get('lang') === 'en' ? 'en' : defaults.lang,
    backend: q.get('backend') ?? defaults.backend,
    steps: Number.isInteger(steps) && steps >= 1 && steps <= 10_000 ? steps : defaults.steps,
  };
}

export function writeState(s: State): string {
  const q = new URLSearchParams();
  q.set('net', toBase64Url(s.net));
  q.set('formula', s.formula);
  q.set('doc', toBase64Url(s.doc));
  q.set('lang', s.lang);
  q.set('backend', s.backend);
  q.set('steps', String(s.steps));
  return `?${q.toString()}`;
}
