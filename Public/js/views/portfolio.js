// The account in the current venue: cash, buying power, escrow, holdings with value, cost and P&L (all
// from the server, which keeps them exactly), total.
import { h, replace, loading, notice, table, failureNotice } from '../dom.js';
import { venueGet, venuePut } from '../api.js';
import { toCents, formatCents } from '../money.js';
import { currentVenue } from '../venue.js';
import { every, onAccountEvent } from '../live.js';
import { changePasswordForm } from './passwordForm.js';
import { apiKeysCard } from './apiKeys.js';
import { disconnectSwitchCard } from './disconnectSwitch.js';
import { lossLimitsCard } from './lossLimits.js';
import { webhooksCard } from './webhooks.js';

/**
 * Where the venue lends shares only to accounts that ask, the account's choice and a button that flips it;
 * `changed` reloads the page's figures.
 */
export function shortSellingCard(rule, changed) {
  const status = h('p', { id: 'short-selling-status', role: 'status' },
    rule.opted_in
      ? `On: you may sell shares you do not hold, holding their value + ${rule.initial_margin_bps / 100} % as margin.`
      : 'Off: you can sell only shares you hold.');
  const toggle = h('button', { type: 'button', id: 'short-selling-toggle' },
    rule.opted_in ? 'Turn short selling off' : 'Turn short selling on');
  toggle.addEventListener('click', async () => {
    toggle.disabled = true;
    try {
      await venuePut('/account/short-selling', { enabled: !rule.opted_in });
      await changed();
    } catch (error) {
      status.textContent = `Could not change it: ${error.message}`;
      toggle.disabled = false;
    }
  });
  return h('div', { class: 'card', id: 'short-selling' }, h('h2', {}, 'Short selling'), status, toggle);
}

export const portfolioView = {
  title: () => 'Portfolio',
  auth: true,
  render(root) {
    const body = h('div', { id: 'portfolio-body' }, loading('Loading portfolio…'));
    replace(root, h('section', { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Portfolio'), h('p', { class: 'muted' }, `Venue ${currentVenue()}`)), body,
      h('h2', {}, 'Account'),
      h('div', { class: 'account-grid' }, changePasswordForm(),
        h('div', { class: 'card' }, h('h2', {}, 'Join a venue'),
          h('p', {}, 'Your host gave you an invite code? ', h('a', { href: '#/join', id: 'join-with-code' }, 'Join with the code'), '.')),
        disconnectSwitchCard(), lossLimitsCard(), apiKeysCard(), webhooksCard())));
    let stopped = false;

    const load = async () => {
      let portfolio;
      try {
        portfolio = await venueGet('/portfolio');
      } catch (error) {
        if (!stopped) replace(body, failureNotice(error, 'Portfolios are not available on this server yet.', 'Could not load the portfolio'));
        return;
      }
      if (stopped) return;
      const rows = portfolio.holdings || [];
      const holdingsValue = rows.reduce((sum, holding) => sum + (toCents(holding.value) ?? 0), 0);
      const pnl = (amount) => {
        const cents = toCents(amount);
        return h('span', { class: cents > 0 ? 'up' : cents < 0 ? 'down' : '' }, formatCents(cents, { sign: true }));
      };
      const stat = (label, value, id) => h('div', { class: 'stat' }, h('dt', {}, label), h('dd', { id }, value));
      replace(body,
        h('dl', { class: 'stats' },
          stat('Total value', formatCents(toCents(portfolio.total_value)), 'total-value'),
          stat('Cash', formatCents(toCents(portfolio.cash)), 'cash'),
          stat('Buying power', formatCents(toCents(portfolio.buying_power)), 'buying-power'),
          stat('Escrowed cash', formatCents(toCents(portfolio.escrowed_cash)), 'escrowed-cash'),
          stat('Holdings value', formatCents(holdingsValue), 'holdings-value'),
          stat('Unrealized P&L', pnl(portfolio.unrealized_pnl), 'unrealized-pnl'),
          stat('Realized P&L', pnl(portfolio.realized_pnl), 'realized-pnl'),
          ...(portfolio.short_selling || toCents(portfolio.margin_used) > 0 ? [
            stat('Margin used', formatCents(toCents(portfolio.margin_used)), 'margin-used'),
            stat('Margin available', formatCents(toCents(portfolio.margin_available)), 'margin-available'),
          ] : [])),
        ...(portfolio.short_selling?.opt_in ? [shortSellingCard(portfolio.short_selling, load)] : []),
        h('h2', {}, 'Holdings'),
        rows.length ? table({
          caption: 'Holdings', hideCaption: true,
          columns: [
            { label: 'Ticker', cell: (r) => h('a', { href: `#/ticker/${encodeURIComponent(r.ticker)}` }, r.ticker) },
            { label: 'Shares', numeric: true, cell: (r) => (r.quantity < 0 ? h('span', { class: 'down', title: 'short' }, `${r.quantity} short`) : String(r.quantity)) },
            { label: 'Price', numeric: true, cell: (r) => formatCents(toCents(r.current_price)) },
            { label: 'Value', numeric: true, cell: (r) => formatCents(toCents(r.value)) },
            { label: 'Avg price', numeric: true, optional: true, cell: (r) => formatCents(toCents(r.average_price)) },
            { label: 'Cost', numeric: true, cell: (r) => formatCents(toCents(r.cost_basis)) },
            { label: 'P&L', numeric: true, cell: (r) => pnl(r.unrealized_pnl) },
            { label: 'Realized', numeric: true, optional: true, cell: (r) => pnl(r.realized_pnl) },
          ],
          rows,
        }) : notice('empty', 'No holdings yet. Buy something on the markets page.'));
    };
    load();
    const stopTimer = every(10000, load);
    const stopAccount = onAccountEvent(load);
    return () => { stopped = true; stopTimer(); stopAccount(); };
  },
};
