// One small form of the admin console: labelled fields, a submit button, and the server's answer shown
// under it (its `detail` when it refuses). Used by every action of the console.
import { h, replace, notice } from '../dom.js';

let formCount = 0;

/**
 * actionForm({ id, title, fields, submitLabel, send(values) → Promise<answer>, describe(answer) → text })
 * Fields: { name, label, placeholder?, options? (a select), required?, hint? }. `send` gets the trimmed
 * values by name; a missing required field is reported without sending anything.
 */
export function actionForm({ id, title, fields, submitLabel, send, describe = () => 'Done.' }) {
  const prefix = `admin-form-${++formCount}`;
  const inputs = {};
  const rows = fields.map((field) => {
    const inputId = `${prefix}-${field.name}`;
    const input = field.options
      ? h('select', { id: inputId, name: field.name }, field.options.map(([value, label]) => h('option', { value }, label)))
      : h('input', { id: inputId, name: field.name, autocomplete: 'off', placeholder: field.placeholder || '' });
    inputs[field.name] = input;
    return h('div', { class: 'field' }, h('label', { for: inputId }, field.label), input,
      field.hint ? h('p', { class: 'hint' }, field.hint) : null);
  });
  const result = h('div', { class: 'form-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const form = h('form', { class: 'card admin-form', id, novalidate: true },
    h('h3', {}, title), rows, button, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = {};
    for (const [name, input] of Object.entries(inputs)) values[name] = input.value.trim();
    const missing = fields.find((field) => field.required && !values[field.name]);
    if (missing) {
      replace(result, notice('error', `${missing.label} is required.`));
      inputs[missing.name].focus();
      return;
    }
    button.disabled = true;
    try {
      const answer = await send(values);
      replace(result, notice('info', describe(answer, values)));
    } catch (error) {
      replace(result, notice('error', error.detail || error.message));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** A JSON amount from typed text: the text itself, which the server reads exactly (never a float). */
export const amount = (text) => (text === '' ? undefined : text);

/** A whole number from typed text, or the text itself so the server names what is wrong with it. */
export function whole(text) {
  if (text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** Seconds from typed minutes ("90", "0.5"); other text goes to the server as typed, which names it. */
export function seconds(text) {
  if (text === '') return undefined;
  return /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 60) : text;
}
