// The signed-in user's API keys: each with its scope, a form that creates one (its secret shown this once),
// and a button that revokes one once the person confirms.
import { h, replace, notice, table, formatTime } from '../dom.js';
import { get, post, remove } from '../api.js';
import { confirmAction } from '../confirm.js';

const SCOPES = [
  ['trade', 'trade: orders and reading'],
  ['read', 'read: market data, orders, portfolio only'],
  ['admin', 'admin: also the control plane (administrators and hosts)'],
];

export function apiKeysCard() {
  const list = h('div', { id: 'api-key-list' });
  const result = h('div', { id: 'api-key-result', 'aria-live': 'polite' });
  const name = h('input', { id: 'api-key-name', name: 'name', maxlength: 64, placeholder: 'my-agent' });
  const scope = h('select', { id: 'api-key-scope', name: 'scope' },
    ...SCOPES.map(([value, label]) => h('option', { value }, label)));
  const button = h('button', { type: 'submit' }, 'Create key');
  const form = h('form', { id: 'api-key-form' },
    h('div', { class: 'field' }, h('label', { for: 'api-key-name' }, 'Name'), name),
    h('div', { class: 'field' }, h('label', { for: 'api-key-scope' }, 'Scope'), scope), button);

  const load = async () => {
    try {
      const keys = await get('/keys');
      replace(list, table({
        caption: 'Your API keys', hideCaption: true,
        columns: [
          { label: 'Name', cell: (k) => k.name },
          { label: 'Key', cell: (k) => h('code', {}, `${k.prefix}…`) },
          { label: 'Scope', cell: (k) => h('span', { class: 'scope' }, k.scope) },
          { label: 'Last used', cell: (k) => (k.last_used_at ? formatTime(k.last_used_at) : 'never') },
          { label: '', cell: (k) => h('button', { type: 'button', class: 'revoke', onclick: () => revoke(k) }, 'Revoke') },
        ],
        rows: keys,
        rowAttrs: (k) => ({ 'data-key-id': k.id }),
      }));
    } catch (error) {
      replace(list, notice('error', `Could not list the keys: ${error.detail || error.message}`));
    }
  };
  const revoke = async (key) => {
    const sure = await confirmAction({
      title: `Revoke key ${key.name}?`, text: 'Agents and scripts that use it are refused from now on.',
      confirmLabel: 'Revoke', danger: true,
    });
    if (!sure) return;
    try {
      await remove(`/keys/${encodeURIComponent(key.id)}`);
      replace(result, notice('info', `Key ${key.name} revoked.`));
    } catch (error) {
      replace(result, notice('error', `Not revoked: ${error.detail || error.message}`));
    }
    load();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const key = await post('/keys', { name: name.value.trim() || 'key', scope: scope.value });
      replace(result, notice('info', `Key ${key.name} (${key.scope}) created. Copy it now; it is not shown again:`),
        h('code', { id: 'api-key-secret', class: 'secret' }, key.api_key));
      form.reset();
    } catch (error) {
      replace(result, notice('error', `Not created: ${error.detail || error.message}`));
    }
    button.disabled = false;
    load();
  });
  load();
  return h('div', { class: 'card', id: 'api-keys' }, h('h2', {}, 'API keys'),
    h('p', { class: 'hint' }, 'For agents and scripts: send one as the X-API-Key header. A read key cannot trade.'),
    list, form, result);
}
