/** The complaint to the supplier, in the supplier's own grammar (keyword, fields, order) from suppliers.json. */
import type { Case } from './cases.js';
import { formatLocalDateTime } from './clock.js';
import { formatRupiah } from './money.js';
import { own } from './own.js';
import type { ShopConfig } from './shop-config.js';
import type { ComplaintTemplate, SupplierGrammar } from './supplier-reply.js';
import { fill } from './template.js';

/** The template the shop chose, else the first one shipped. */
export function complaintTemplate(grammar: SupplierGrammar, config: ShopConfig): ComplaintTemplate {
  return grammar.complaints.find((c) => c.id === config.supplier.complaint) ?? grammar.complaints[0]!;
}

/** Words that match the case's cause ("masih pending…", "sukses tapi SN belum ada…"), with the supplier's own failure reason. */
export function complaintWords(c: Case, grammar: SupplierGrammar, reason?: string): string {
  const words = (c.cause && own(grammar.complaintWords, c.cause)) || grammar.complaintWords.default!;
  return reason ? `${words} (${reason})` : words;
}

/**
 * The complaint line. Parts the case does not have (no SN yet, no reseller id configured) are left out with
 * their separator, never filled with a placeholder the supplier would misread.
 */
export function supplierComplaint(c: Case, grammar: SupplierGrammar, config: ShopConfig, reason?: string): { template: string; text: string } {
  const template = complaintTemplate(grammar, config);
  const time = c.answers.time ? formatLocalDateTime(new Date(c.answers.time)) : '';
  const values: Record<string, string> = {
    keyword: template.keyword,
    resellerId: config.supplier.resellerId ?? '',
    supplierTrxId: c.supplierTrxId ?? '',
    productCode: c.productCode ?? '',
    number: c.number ?? '',
    time,
    sn: c.sn ?? '',
    nominal: c.nominal !== null ? formatRupiah(c.nominal) : '',
    complaint: complaintWords(c, grammar, reason),
  };
  values.complaintSentence = template.sentence ? sentence(template.sentence, values) : '';
  const parts = template.parts
    .map((part) => ({ part, value: values[part] ?? '' }))
    .filter(({ value }) => value !== '')
    .map(({ part, value }) => (part === 'keyword' || part === 'complaintSentence' ? value : `${template.labels[part] ?? ''}${value}`));
  return { template: template.id, text: parts.join(template.separator) };
}

// A sentence drops the label words of values it lacks: "SN {sn}" with no SN disappears whole.
function sentence(text: string, values: Record<string, string>): string {
  const pruned = text.replace(/(\S*\s)?\{(\w+)\}/g, (whole, _label: string | undefined, name: string) => (own(values, name) ? whole : ''));
  return fill(pruned, values).replace(/\s{2,}/g, ' ').replace(/\s+:/g, ':').trim();
}
