/** Where the shop's settings live and reading them: PULSA_DOCTOR_CONFIG, else `<store>.config.json` beside a JSON store. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_PENDING, validateShopConfig, type ShopConfig } from '../domain/shop-config.js';
import { DataFileError } from '../domain/reader.js';
import { isPostgresLocation } from '../store/open.js';
import type { SupplierGrammar } from '../domain/supplier-reply.js';
import { EXIT, PulsaError } from '../errors.js';

export const CONFIG_ENV = 'PULSA_DOCTOR_CONFIG';

/** The settings file for this store; a database store has none unless PULSA_DOCTOR_CONFIG names one. */
export function shopConfigPath(storePath: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env[CONFIG_ENV]) return env[CONFIG_ENV]!;
  if (isPostgresLocation(storePath)) return null;
  return join(dirname(storePath), `${basename(storePath).replace(/\.json$/i, '')}.config.json`);
}

/** The shop's settings, or the defaults when there is no file yet. A broken file is refused, naming the field. */
export function readShopConfig(path: string | null, complaintIds: string[]): ShopConfig {
  if (!path || !existsSync(path)) return { supplier: {}, pending: { ...DEFAULT_PENDING } };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DataFileError(path, 'file', (error as NodeJS.ErrnoException).code ?? `not valid JSON: ${(error as Error).message}`);
  }
  return validateShopConfig(json, path, complaintIds);
}

/** The settings of the command's store; a broken file is a usage mistake (exit 2) naming the file and field. */
export function loadShopConfig(ctx: { storePath: string }, grammar: SupplierGrammar): { config: ShopConfig; path: string | null } {
  const path = shopConfigPath(ctx.storePath);
  try {
    return { config: readShopConfig(path, grammar.complaints.map((c) => c.id)), path };
  } catch (error) {
    if (error instanceof DataFileError) throw new PulsaError('error.configFile', { problem: error.message }, EXIT.input);
    throw error;
  }
}
