// A student's own trades in a tournament's venue as a CSV: the one trades file the server's routes allow
// (each account reads only its own fills).
import { h, replace, notice } from '../dom.js';
import { request, listFrom } from '../api.js';
import { apiPath } from '../venue.js';
import { csvText, offerDownload, fileName } from '../csv.js';

const COLUMNS = ['created_at', 'ticker', 'side', 'quantity', 'price', 'fee', 'trade_id', 'order_id', 'counterparty_id'];
const PAGE = 100;
const MAX_PAGES = 50;

/** Every trade of the signed-in user in `venue`, oldest first. */
export async function tradesCSV(venue) {
  const trades = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = listFrom(await request('GET', apiPath(`/trades?limit=${PAGE}&offset=${page * PAGE}`, venue)), 'trades');
    trades.push(...batch);
    if (batch.length < PAGE) break;
  }
  trades.reverse();
  return csvText([COLUMNS, ...trades.map((t) => COLUMNS.map((column) => t[column]))]);
}

/** A button that downloads them, and the place its link and any error go. */
export function myTradesButton(t) {
  const slot = h('span', { id: 'my-trades-download', class: 'downloads' });
  const button = h('button', { type: 'button', id: 'my-trades' }, 'Download my trades (CSV)');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      offerDownload(slot, fileName(t.id, 'my-trades'), await tradesCSV(t.venue));
    } catch (error) {
      replace(slot, notice('error', `Could not export your trades: ${error.detail || error.message}`));
    }
    button.disabled = false;
  });
  return [button, slot];
}
