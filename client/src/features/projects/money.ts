const amount = new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An amount for an input field, as a Fleming types it: 51.000,00 (no € sign). */
export function formatAmount(euros: number): string {
  return amount.format(euros);
}

/**
 * An amount typed in Dutch or plain notation → euros, or null when it is not an amount with at
 * most two decimals: "51.000,00", "51000,5", "€ 51 000", "51000.50" and "51.000" all work.
 */
export function parseEuro(text: string): number | null {
  let s = text.replace(/[€\s\u00a0\u202f]/g, '');
  if (!s) return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  return Number(s);
}
