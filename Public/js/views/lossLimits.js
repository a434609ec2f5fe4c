// The account's loss limits in the current venue: the most it may lose in a day and from its peak equity.
// A loss that reaches one cancels the account's orders and refuses new ones until it is reset here.
import { h, replace, notice } from '../dom.js';
import { venueGet, venuePost, venuePut } from '../api.js';
import { formatMoney, toCents } from '../money.js';

const LIMIT_NAMES = { daily_loss: 'daily loss', drawdown: 'drawdown' };

export function lossLimitsCard() {
  const status = h('p', { id: 'loss-limits-status', role: 'status' }, 'Loading…');
  const figures = h('p', { id: 'loss-limits-figures', class: 'muted' });
  const amountField = (id, label) => {
    const input = h('input', { id, name: id, type: 'text', inputmode: 'decimal', placeholder: 'none' });
    return [input, h('div', { class: 'field' }, h('label', { for: id }, label), input)];
  };
  const [daily, dailyField] = amountField('loss-limit-daily', 'Most I may lose in a day');
  const [drawdown, drawdownField] = amountField('loss-limit-drawdown', 'Most my equity may fall from its peak');
  const save = h('button', { type: 'submit' }, 'Save');
  const reset = h('button', { type: 'button', id: 'loss-limits-reset', style: 'display: none' }, 'Reset and trade again');
  const result = h('div', { id: 'loss-limits-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'loss-limits-form', class: 'switch-form' }, dailyField, drawdownField, save, reset);

  const show = (answer) => {
    const own = [
      answer.max_daily_loss !== null && `a day's loss of ${formatMoney(answer.max_daily_loss)}`,
      answer.max_drawdown !== null && `${formatMoney(answer.max_drawdown)} from your peak`,
    ].filter(Boolean);
    const venue = [
      answer.venue_max_daily_loss !== null && `a day's loss of ${formatMoney(answer.venue_max_daily_loss)}`,
      answer.venue_max_drawdown !== null && `${formatMoney(answer.venue_max_drawdown)} from the peak`,
    ].filter(Boolean);
    status.textContent = answer.tripped
      ? `Tripped: your ${LIMIT_NAMES[answer.tripped] || answer.tripped} limit was reached. Your orders were cancelled and new ones are refused until you reset it.`
      : own.length
        ? `On: trading stops after ${own.join(' or ')}.`
        : 'Off: no limit of your own.';
    if (venue.length) status.textContent += ` The venue stops everyone after ${venue.join(' or ')}.`;
    figures.textContent = answer.peak_equity === null
      ? `Equity ${formatMoney(answer.equity)}.`
      : `Equity ${formatMoney(answer.equity)}; peak ${formatMoney(answer.peak_equity)}; today's opening ${formatMoney(answer.day_start_equity)}.`;
    daily.value = answer.max_daily_loss === null ? '' : formatMoney(answer.max_daily_loss).replace(/,/g, '');
    drawdown.value = answer.max_drawdown === null ? '' : formatMoney(answer.max_drawdown).replace(/,/g, '');
    // Shown only while a limit is tripped (a style, since the form's button rule outranks `hidden`).
    reset.style.display = answer.tripped ? '' : 'none';
  };
  const failed = (error) => replace(result, notice('error', `Not changed: ${error.detail || error.message}`));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const amounts = {};
    for (const [input, key] of [[daily, 'max_daily_loss'], [drawdown, 'max_drawdown']]) {
      const text = input.value.trim();
      const cents = text === '' ? null : toCents(text);
      if (text !== '' && (cents === null || cents <= 0)) {
        replace(result, notice('error', 'Give an amount above 0 with at most two decimals, or leave it empty for none.'));
        input.focus();
        return;
      }
      amounts[key] = text === '' ? null : text;
    }
    try {
      show(await venuePut('/account/loss-limits', amounts));
      replace(result, notice('info', 'Saved. Your losses are measured from your equity now.'));
    } catch (error) {
      failed(error);
    }
  });
  reset.addEventListener('click', async () => {
    try {
      show(await venuePost('/account/loss-limits/reset'));
      replace(result, notice('info', 'Reset: you may trade again.'));
    } catch (error) {
      failed(error);
    }
  });
  venueGet('/account/loss-limits').then(show).catch((error) => {
    status.textContent = `Could not load them: ${error.detail || error.message}`;
  });
  return h('div', { class: 'card', id: 'loss-limits' }, h('h2', {}, 'Loss limits'), status, figures, form, result);
}
