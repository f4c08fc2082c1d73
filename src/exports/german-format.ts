/** Numbers as the report prints them: decimal comma, one decimal, "%" and "pp" after a space. */

function oneDecimal(value: number): string {
  return Math.abs(value).toFixed(1).replace('.', ',');
}

/** 88.7 → "88,7 %". */
export function formatPercent(share: number): string {
  return `${share < 0 ? '−' : ''}${oneDecimal(share)} %`;
}

/** 12.3 → "+12,3 pp", -4 → "−4,0 pp" (typographic minus), 0 → "±0,0 pp". */
export function formatDeltaPp(delta: number): string {
  const rounded = Math.round(delta * 10) / 10;
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
  return `${sign}${oneDecimal(rounded)} pp`;
}

/** 54 → "54", 1234 → "1.234". */
export function formatCount(count: number): string {
  return count.toLocaleString('de-DE');
}
