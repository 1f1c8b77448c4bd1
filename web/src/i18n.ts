/** The playground's own labels in English and Korean (the documents carry their own messages). */
import type { Lang } from '../../src/index.js';

const LABELS = {
  en: {
    subtitle: 'playground', language: 'Language', backend: 'Backend', steps: 'Steps', network: 'Network file (YAML)',
    formula: 'Formula', example: 'Worked example (Markdown)', results: 'Loss and gradients', loss: 'Loss',
    derivatives: 'Formula derivatives', checker: 'Checker', derivation: 'Derivation', download: 'Download',
    parameter: 'parameter', value: 'value', after: 'after {n} steps', frozen: 'frozen', step: 'step', curve: 'Loss over the steps', ran: 'ran on',
  },
  ko: {
    subtitle: '놀이터', language: '언어', backend: '백엔드', steps: '단계 수', network: '신경망 파일 (YAML)',
    formula: '수식', example: '풀이 예제 (Markdown)', results: '오차와 기울기', loss: '오차',
    derivatives: '수식의 도함수', checker: '검사기', derivation: '유도 과정', download: '내려받기',
    parameter: '매개변수', value: '값', after: '{n}단계 뒤', frozen: '고정', step: '단계', curve: '단계별 오차', ran: '실행',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type Label = keyof (typeof LABELS)['en'];

export function t(lang: Lang, key: Label, n?: number): string {
  return LABELS[lang][key].replace('{n}', String(n ?? ''));
}

/** Set every [data-i18n] element's text. */
export function translatePage(lang: Lang): void {
  document.documentElement.lang = lang;
  for (const e of document.querySelectorAll<HTMLElement>('[data-i18n]')) e.textContent = t(lang, e.dataset.i18n as Label);
}
