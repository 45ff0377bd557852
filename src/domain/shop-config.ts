/** The shop's own settings (its supplier and reseller id, its supplier's pending rule), validated with file and field. */
import { parseDuration } from './deadlines.js';
import { Reader, type Json } from './reader.js';

export interface PendingRule {
  /** Re-check a pending transaction this long after it was sent. */
  recheckAfter: string;
  /** No second attempt of the same top-up within this long of the first (Digiflazz blocks 1 minute). */
  noRetryWithin: string;
  /** A transaction pending this long becomes a complaint to the supplier. */
  complainAfter: string;
}

export interface ShopConfig {
  supplier: {
    /** Which complaint template of suppliers.json this supplier reads. */
    complaint?: string;
    name?: string;
    resellerId?: string;
  };
  pending: PendingRule;
}

/**
 * Defaults when the shop sets nothing: the 1-minute retry block is Digiflazz's published rule (confirmed);
 * 30 minutes and 24 hours are reseller practice with no published standard (unverified).
 */
export const DEFAULT_PENDING: PendingRule = { recheckAfter: '30m', noRetryWithin: '1m', complainAfter: '24h' };

export const CONFIG_KEYS = ['supplier.complaint', 'supplier.name', 'supplier.resellerId', 'pending.recheckAfter', 'pending.noRetryWithin', 'pending.complainAfter'] as const;

export function validateShopConfig(json: Json, file: string, complaintIds: string[]): ShopConfig {
  const r = new Reader(file, '');
  const root = r.object(json, '(top level)');
  for (const key of Object.keys(root)) if (!['supplier', 'pending', '$comment'].includes(key)) r.fail(key, 'unknown setting; known: supplier, pending');
  const s = r.object(root.supplier ?? {}, 'supplier');
  const supplier: ShopConfig['supplier'] = {};
  for (const key of Object.keys(s)) {
    if (!['complaint', 'name', 'resellerId'].includes(key)) r.fail(`supplier.${key}`, 'unknown setting; known: complaint, name, resellerId');
    (supplier as Record<string, string>)[key] = r.string(s[key], `supplier.${key}`).trim();
  }
  if (supplier.complaint && !complaintIds.includes(supplier.complaint)) r.fail('supplier.complaint', `"${supplier.complaint}" is not a template of suppliers.json; known: ${complaintIds.join(', ')}`);
  if (supplier.resellerId && !/^[A-Za-z0-9_-]{1,30}$/.test(supplier.resellerId)) r.fail('supplier.resellerId', 'must be letters, digits, - or _ (at most 30)');
  const p = r.object(root.pending ?? {}, 'pending');
  const pending = { ...DEFAULT_PENDING };
  for (const key of Object.keys(p)) {
    if (!Object.hasOwn(DEFAULT_PENDING, key)) r.fail(`pending.${key}`, `unknown setting; known: ${Object.keys(DEFAULT_PENDING).join(', ')}`);
    const value = r.string(p[key], `pending.${key}`);
    if (parseDuration(value) === null) r.fail(`pending.${key}`, `"${value}" is not a duration like 30m, 2h or 1d`);
    pending[key as keyof PendingRule] = value;
  }
  return { supplier, pending };
}
