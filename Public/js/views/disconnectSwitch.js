// The dead man's switch of the account in the current venue: cancel its resting orders once all its private
// connections (this dashboard's among them) have been gone for a number of seconds.
import { h, replace, notice } from '../dom.js';
import { venueGet, venuePut } from '../api.js';

export function disconnectSwitchCard() {
  const status = h('p', { id: 'switch-status', role: 'status' }, 'Loading…');
  const seconds = h('input', { id: 'switch-seconds', name: 'seconds', type: 'number', min: 1, max: 3600, inputmode: 'numeric' });
  const save = h('button', { type: 'submit' }, 'Save');
  const off = h('button', { type: 'button', id: 'switch-off' }, 'Turn off');
  const result = h('div', { id: 'switch-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'switch-form', class: 'switch-form' },
    h('div', { class: 'field' }, h('label', { for: 'switch-seconds' }, 'Seconds without a connection'), seconds), save, off);

  const show = (answer) => {
    status.textContent = answer.seconds
      ? `On: your resting orders here are cancelled ${answer.seconds} s after your last connection closes (${answer.connections} open now).`
      : 'Off: your resting orders stay when you disconnect.';
    if (answer.seconds) seconds.value = answer.seconds;
  };
  const change = async (value) => {
    try {
      show(await venuePut('/account/cancel-on-disconnect', { seconds: value }));
      replace(result);
    } catch (error) {
      replace(result, notice('error', `Not changed: ${error.detail || error.message}`));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = Number(seconds.value);
    if (!Number.isInteger(value) || value < 1 || value > 3600) {
      replace(result, notice('error', 'Give a whole number of seconds from 1 to 3600.'));
      seconds.focus();
      return;
    }
    change(value);
  });
  off.addEventListener('click', () => change(null));
  venueGet('/account/cancel-on-disconnect').then(show).catch((error) => {
    status.textContent = `Could not load it: ${error.detail || error.message}`;
  });
  return h('div', { class: 'card', id: 'cancel-on-disconnect' }, h('h2', {}, 'Cancel on disconnect'), status, form, result);
}
