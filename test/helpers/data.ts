import { loadCatalogue, loadChecklist, loadOperatorTable } from '../../src/data/load.js';
import { translator } from '../../src/domain/messages.js';
import type { Lang } from '../../src/domain/text.js';

export const table = loadOperatorTable();
export const pulsa = loadChecklist('pulsa-tidak-masuk')!;
export const kuota = loadChecklist('kuota-tidak-masuk')!;
export const t = (lang: Lang = 'id') => translator(loadCatalogue(), lang);
