// The signed-in user's webhooks in the current venue: each endpoint with its topics, buttons that send it a
// test event, show its last deliveries and delete it, and a form that registers one (its signing secret
// shown this once).
import { h, replace, notice, table, formatTime } from '../dom.js';
import { get, post, remove } from '../api.js';
import { currentVenue } from '../venue.js';
import { confirmAction } from '../confirm.js';

const TOPICS = [
  ['fills', 'my fills'],
  ['orders', 'my orders changing'],
  ['alerts', 'my price alerts'],
  ['risk_limits', 'a loss limit tripping'],
  ['margin', 'margin calls and liquidations'],
  ['tournament', "the venue's tournament"],
];

function deliveryList(deliveries) {
  if (!deliveries.length) return notice('empty', 'No deliveries yet.');
  return table({
    caption: 'Last deliveries', hideCaption: true,
    columns: [
      { label: 'Made', cell: (d) => formatTime(d.created_at) },
      { label: 'Events', cell: (d) => String(d.event_count), numeric: true },
      { label: 'Status', cell: (d) => h('span', { class: `delivery-${d.status}` }, d.status) },
      {
        label: 'Attempts',
        cell: (d) => d.attempts.map((a) => (a.status_code !== null ? `${a.status_code}` : a.error || 'failed')
          + ` in ${a.duration_ms} ms`).join('; ') || 'none yet',
      },
    ],
    rows: deliveries,
  });
}

export function webhooksCard() {
  const list = h('div', { id: 'webhook-list' });
  const details = h('div', { id: 'webhook-deliveries', 'aria-live': 'polite' });
  const result = h('div', { id: 'webhook-result', 'aria-live': 'polite' });
  const url = h('input', { id: 'webhook-url', name: 'url', type: 'url', placeholder: 'https://my-agent.example.com/hook', required: true });
  const boxes = TOPICS.map(([value, label]) => {
    const box = h('input', { type: 'checkbox', name: 'topics', value, id: `webhook-topic-${value}` });
    return [box, h('div', { class: 'field check' }, h('label', {}, box, label))];
  });
  const button = h('button', { type: 'submit' }, 'Add webhook');
  const form = h('form', { id: 'webhook-form' },
    h('div', { class: 'field' }, h('label', { for: 'webhook-url' }, 'URL'), url),
    h('fieldset', { class: 'webhook-topics' }, h('legend', {}, 'Call it for'), ...boxes.map(([, field]) => field)), button);

  const failed = (what, error) => replace(result, notice('error', `${what}: ${error.detail || error.message}`));
  const load = async () => {
    try {
      const hooks = (await get('/webhooks')).webhooks.filter((hook) => hook.venue === currentVenue());
      replace(list, hooks.length ? table({
        caption: 'Your webhooks', hideCaption: true,
        columns: [
          { label: 'URL', cell: (w) => h('code', {}, w.url) },
          { label: 'Topics', cell: (w) => w.topics.join(', ') },
          { label: '', cell: (w) => h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'webhook-test', onclick: () => test(w) }, 'Send test'),
            h('button', { type: 'button', class: 'webhook-show', onclick: () => show(w) }, 'Deliveries'),
            h('button', { type: 'button', class: 'webhook-delete', onclick: () => drop(w) }, 'Delete')) },
        ],
        rows: hooks,
        rowAttrs: (w) => ({ 'data-webhook-id': w.webhook_id }),
      }) : notice('empty', 'No webhooks in this venue.'));
    } catch (error) {
      replace(list, notice('error', `Could not list them: ${error.detail || error.message}`));
    }
  };
  const test = async (hook) => {
    try {
      await post(`/webhooks/${encodeURIComponent(hook.webhook_id)}/test`);
      replace(result, notice('info', `A test event is on its way to ${hook.url}.`));
    } catch (error) {
      failed('Not sent', error);
    }
  };
  const show = async (hook) => {
    try {
      const answer = await get(`/webhooks/${encodeURIComponent(hook.webhook_id)}/deliveries?limit=10`);
      replace(details, h('h3', {}, `Deliveries to ${hook.url}`), deliveryList(answer.deliveries));
    } catch (error) {
      failed('Could not read them', error);
    }
  };
  const drop = async (hook) => {
    const sure = await confirmAction({
      title: `Delete the webhook to ${hook.url}?`, text: 'Nothing more is sent to it, and its history is deleted.',
      confirmLabel: 'Delete', danger: true,
    });
    if (!sure) return;
    try {
      await remove(`/webhooks/${encodeURIComponent(hook.webhook_id)}`);
      replace(result, notice('info', 'Webhook deleted.'));
      replace(details);
    } catch (error) {
      failed('Not deleted', error);
    }
    load();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const topics = boxes.map(([box]) => box).filter((box) => box.checked).map((box) => box.value);
    if (!topics.length) {
      replace(result, notice('error', 'Choose at least one thing to be called for.'));
      return;
    }
    button.disabled = true;
    try {
      const hook = await post('/webhooks', { url: url.value.trim(), topics, venue: currentVenue() });
      replace(result, notice('info', 'Webhook added. Its signing secret, shown this once, verifies each delivery:'),
        h('code', { id: 'webhook-secret', class: 'secret' }, hook.secret));
      form.reset();
    } catch (error) {
      failed('Not added', error);
    }
    button.disabled = false;
    load();
  });
  load();
  return h('div', { class: 'card', id: 'webhooks' }, h('h2', {}, 'Webhooks'),
    h('p', { class: 'hint' }, 'MarketSim calls these URLs with your events, signed; see the README for how to verify them.'),
    list, details, form, result);
}
