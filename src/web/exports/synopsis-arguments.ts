import type ExcelJS from 'exceljs';
import type { Paragraph } from 'docx';
import type { WebDeps } from '../deps.ts';
import type { ItemArguments } from './argument-summaries.ts';
import { argumentsDocxSection } from './arguments-docx.ts';
import { addArgumentsSheet } from './arguments-xlsx.ts';
import { itemTitler } from './load-passage-rows.ts';
import { loadItemArguments } from './load-item-arguments.ts';
import type { PassageRow } from './passage-rows.ts';

type Deps = Pick<WebDeps, 'db' | 'pipeline' | 'queues' | 'logger'>;

/** Every item's arguments, in the taxonomy's order. */
async function loadAllItemArguments(deps: Deps, rows: readonly PassageRow[]): Promise<ItemArguments[]> {
  const out: ItemArguments[] = [];
  for (const item of deps.pipeline.taxonomy.items) out.push(await loadItemArguments(deps, item.id, rows));
  return out;
}

const stanceLabelOf = (deps: Deps) => (id: string) =>
  deps.pipeline.taxonomy.stances.find((s) => s.id === id)?.label ?? id;

/** The Word synopsis's argument section per item id. */
export async function argumentDocxSections(
  deps: Deps,
  rows: readonly PassageRow[],
): Promise<Map<string, readonly Paragraph[]>> {
  const label = stanceLabelOf(deps);
  return new Map((await loadAllItemArguments(deps, rows)).map((a) => [a.item, argumentsDocxSection(a, label)]));
}

/** What adds the "Argumente" sheet to the workbook. */
export async function argumentsSheet(deps: Deps, rows: readonly PassageRow[]): Promise<(wb: ExcelJS.Workbook) => void> {
  const items = await loadAllItemArguments(deps, rows);
  return (wb) => addArgumentsSheet(wb, items, itemTitler(deps), stanceLabelOf(deps));
}
