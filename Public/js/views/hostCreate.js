// A new tournament or venue from a form: its name and id, starting cash, tickers (initial price and tick
// size), fees, risk limits, market maker, schedule (late entry included) and size, and who may join. The
// server checks every field and names the one it refuses; nothing is created then.
import { h, replace, notice } from '../dom.js';
import { request } from '../api.js';
import { rememberConsole } from '../session.js';
import { rememberVenue } from '../venue.js';
import { amount, whole, seconds } from './adminForm.js';
import { inviteCode } from '../secrets.js';
import { hostTournamentPath, hostVenuePath } from './host.js';

let fieldCount = 0;

/** A labelled input; returns [row, input]. */
function field(name, label, { value = '', placeholder = '', hint = '', type = 'text', inputmode } = {}) {
  const id = `create-${name}-${++fieldCount}`;
  const input = h('input', { id, name, value, placeholder, type, inputmode, autocomplete: 'off' });
  return [h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null), input];
}

const slug = (text) => text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);

function tickerRow(rows, symbol = '', price = '', tick = '0.01') {
  const [symbolRow, symbolInput] = field('symbol', 'Symbol', { value: symbol, placeholder: 'OWL' });
  const [priceRow, priceInput] = field('initial_price', 'Initial price', { value: price, placeholder: '20.00', inputmode: 'decimal' });
  const [tickRow, tickInput] = field('tick_size', 'Tick size', { value: tick, inputmode: 'decimal' });
  const row = h('div', { class: 'ticker-row' }, symbolRow, priceRow, tickRow);
  row.append(h('button', { type: 'button', class: 'small', 'aria-label': 'Remove this ticker', onclick: () => row.remove() }, 'Remove'));
  row.read = () => ({ symbol: symbolInput.value.trim(), initial_price: amount(priceInput.value.trim()), tick_size: amount(tickInput.value.trim()) });
  rows.append(row);
}

function fieldset(legend, ...children) {
  return h('fieldset', { class: 'card create-group' }, h('legend', {}, legend), children);
}

/** Drops keys whose value is undefined; null when nothing is left (the server's "none"). */
function present(object) {
  const kept = Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
  return Object.keys(kept).length ? kept : undefined;
}

export const hostCreateView = {
  title: () => 'New tournament or venue',
  auth: true,
  render(root, ctx) {
    const kind = h('select', { id: 'create-kind', name: 'kind' },
      h('option', { value: 'tournament' }, 'A tournament (a venue with a schedule)'), h('option', { value: 'venue' }, 'A venue (no schedule)'));
    const [nameRow, name] = field('name', 'Name', { placeholder: 'Class A sprint' });
    const [idRow, id] = field('id', 'Id', { hint: 'Lower-case letters, digits and dashes; it is in every address of it.' });
    const [descriptionRow, description] = field('description', 'Description');
    const [cashRow, cash] = field('starting_cash', 'Starting cash', { value: '10000', inputmode: 'decimal' });
    const [startsRow, startsIn] = field('starts_in', 'Starts in (minutes)', { value: '10', inputmode: 'decimal' });
    const [durationRow, duration] = field('duration', 'Duration (minutes)', { value: '60', inputmode: 'decimal' });
    const [maxRow, maxParticipants] = field('max_participants', 'Max participants', { value: '40', inputmode: 'numeric' });
    const [lateRow, lateEntry] = field('late_entry', 'Late entry (minutes)', {
      value: '0', inputmode: 'decimal', hint: 'How long after the start students may still enter; 0: none.' });
    const [makerRow, makerBps] = field('maker_bps', 'Maker fee (basis points)', { value: '0', inputmode: 'numeric' });
    const [takerRow, takerBps] = field('taker_bps', 'Taker fee (basis points)', { value: '0', inputmode: 'numeric' });
    const [minimumRow, minimum] = field('fee_minimum', 'Minimum fee per fill', { inputmode: 'decimal' });
    const limits = ['max_order_quantity', 'max_order_value', 'max_position', 'max_open_orders'].map((key) =>
      field(key, `${key.replaceAll('_', ' ').replace(/^max/, 'Max')} (empty: none)`, { inputmode: 'decimal' }));
    const marketMaker = h('input', { id: 'create-market-maker', name: 'market_maker', type: 'checkbox', checked: true });
    const [spreadRow, spread] = field('spread_bps', 'Spread (basis points)', { placeholder: 'default', inputmode: 'numeric' });
    const [sizeRow, size] = field('mm_size', 'Shares per level', { placeholder: 'default', inputmode: 'numeric' });
    const visibility = h('select', { id: 'create-visibility', name: 'visibility' },
      h('option', { value: 'invite' }, 'Invite only: joining takes the code'), h('option', { value: 'public' }, 'Public: listed for everyone'));
    const [codeRow, code] = field('invite_code', 'Invite code', { value: inviteCode(), hint: '4 to 64 characters, no spaces.' });
    const tickers = h('div', { id: 'create-tickers' });
    tickerRow(tickers, 'OWL', '20.00');
    const result = h('div', { id: 'create-result', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'create-submit' }, 'Create draft');

    let idEdited = false;
    id.addEventListener('input', () => { idEdited = true; });
    name.addEventListener('input', () => { if (!idEdited) id.value = slug(name.value); });
    const schedule = fieldset('Schedule', startsRow, durationRow, lateRow, maxRow, descriptionRow);
    const showKind = () => {
      const tournament = kind.value === 'tournament';
      schedule.hidden = !tournament;
      submit.textContent = tournament ? 'Create draft tournament' : 'Create venue';
    };
    kind.addEventListener('change', showKind);
    visibility.addEventListener('change', () => { codeRow.hidden = visibility.value !== 'invite'; });

    const venueDefinition = () => present({
      name: name.value.trim(), starting_cash: amount(cash.value.trim()),
      visibility: visibility.value, invite_code: visibility.value === 'invite' ? code.value.trim() : undefined,
      tickers: [...tickers.children].map((row) => row.read()),
      fees: present({ maker_bps: whole(makerBps.value.trim()), taker_bps: whole(takerBps.value.trim()), minimum: amount(minimum.value.trim()) }),
      risk_limits: present(Object.fromEntries(limits.map(([, input]) => [input.name,
        input.name === 'max_order_value' ? amount(input.value.trim()) : whole(input.value.trim())]))),
      market_makers: marketMaker.checked ? (present({ spread_bps: whole(spread.value.trim()), size: whole(size.value.trim()) }) || true) : false,
    });

    const create = () => (kind.value === 'tournament'
      ? request('POST', '/api/admin/tournaments', present({
        id: id.value.trim(), name: name.value.trim(), description: description.value.trim() || undefined,
        starts_in_seconds: seconds(startsIn.value.trim()), duration_seconds: seconds(duration.value.trim()),
        max_participants: whole(maxParticipants.value.trim()), late_entry_seconds: seconds(lateEntry.value.trim()),
        venue: venueDefinition(),
      }))
      : request('POST', '/api/admin/venues', { id: id.value.trim(), ...venueDefinition() }));

    const form = h('form', { id: 'create-form', class: 'create-form', novalidate: true },
      fieldset('What', h('div', { class: 'field' }, h('label', { for: 'create-kind' }, 'Kind'), kind), nameRow, idRow, cashRow),
      schedule,
      fieldset('Tickers', tickers, h('button', { type: 'button', id: 'add-ticker', onclick: () => tickerRow(tickers) }, 'Add a ticker')),
      fieldset('Fees and risk limits', makerRow, takerRow, minimumRow, limits.map(([row]) => row)),
      fieldset('Market maker',
        h('div', { class: 'field check' }, h('label', { for: 'create-market-maker' }, marketMaker, 'Quote both sides all the time')),
        spreadRow, sizeRow),
      fieldset('Who may join', h('div', { class: 'field' }, h('label', { for: 'create-visibility' }, 'Visibility'), visibility), codeRow,
        h('button', { type: 'button', class: 'small', id: 'new-invite-code', onclick: () => { code.value = inviteCode(); } }, 'Another code')),
      h('div', { class: 'create-submit' }, result, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!name.value.trim() || !id.value.trim()) {
        replace(result, notice('error', 'A name and an id are required.'));
        (name.value.trim() ? id : name).focus();
        return;
      }
      submit.disabled = true;
      try {
        const created = await create();
        rememberConsole();
        rememberVenue(created.venue || created.id, created.name);
        ctx.navigate(kind.value === 'tournament' ? hostTournamentPath(created.id) : hostVenuePath(created.id));
      } catch (error) {
        replace(result, notice('error', `Not created: ${error.detail || error.message}`));
        submit.disabled = false;
      }
    });
    showKind();
    replace(root, h('section', { class: 'page host-console' },
      h('div', { class: 'page-head' }, h('p', {}, h('a', { href: '#/host' }, '← Host console')), h('h1', {}, 'New tournament or venue')),
      form));
    name.focus();
  },
};
