// Editing a draft tournament: its name, description, start, length, size and late entry. Only the fields
// the host changed are sent, so a new start alone keeps the length (the server moves the end with it),
// and the server's reason for a refusal is shown beside the form, with the field it names marked.
import { h, replace, notice } from '../dom.js';
import { request } from '../api.js';
import { whole, seconds } from './adminForm.js';

const pad = (n) => String(n).padStart(2, '0');

/** "2026-12-03T18:30": a moment as a datetime-local input holds it, in the browser's time zone. */
function localInputValue(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** ISO 8601 in UTC from a datetime-local value (read in the browser's time zone); else the text, which the server names. */
function utc(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Minutes as typed text: 600 s → "10", 90 s → "1.5". */
const minutes = (s) => String(Number((s / 60).toFixed(2)));
const lengthSeconds = (t) => (new Date(t.ends_at).getTime() - new Date(t.starts_at).getTime()) / 1000;

// Each field: the request member it sets, how the tournament fills it in, and how typed text is sent.
const FIELDS = [
  { name: 'name', label: 'Name', wide: true, from: (t) => t.name, send: (text) => text },
  { name: 'description', label: 'Description', wide: true, from: (t) => t.description || '', send: (text) => text },
  { name: 'starts_at', label: 'Start', type: 'datetime-local', from: (t) => localInputValue(t.starts_at), send: utc,
    hint: 'Your local time. A new start keeps the length.' },
  { name: 'duration_seconds', label: 'Length (minutes)', inputmode: 'decimal', from: (t) => minutes(lengthSeconds(t)), send: seconds },
  { name: 'max_participants', label: 'Max participants', inputmode: 'numeric', from: (t) => String(t.max_participants), send: whole },
  { name: 'late_entry_seconds', label: 'Late entry (minutes)', inputmode: 'decimal', from: (t) => minutes(t.late_entry_seconds || 0),
    send: seconds, hint: 'How long after the start students may still enter; 0: none.' },
];

// The server names `ends_at` when a length (or a start moving the end) does not fit.
const SHOWN_AS = { ends_at: 'duration_seconds', starts_in_seconds: 'starts_at' };

/** The label, input and hint of one field: [row, input]. */
function input(field) {
  const id = `edit-${field.name}`;
  const control = h('input', { id, name: field.name, type: field.type || 'text', inputmode: field.inputmode, autocomplete: 'off' });
  const row = h('div', { class: field.wide ? 'field wide' : 'field' }, h('label', { for: id }, field.label), control,
    field.hint ? h('p', { class: 'hint' }, field.hint) : null);
  return [row, control];
}

/** What the host changed since `shown` was filled in, as the request's members. */
function changedValues(rows, shown) {
  return Object.fromEntries(rows
    .filter(([field, , control]) => control.value.trim() !== shown[field.name].trim())
    .map(([field, , control]) => {
      const text = control.value.trim();
      return [field.name, field.send(text) ?? text];
    }));
}

/** Marks the input of the field a refusal names (its `error` is `invalid_<field>`) and moves there. */
function markInvalid(rows, error) {
  const named = /^invalid_(.+)$/.exec(error.body?.error || '')?.[1];
  const control = rows.find(([field]) => field.name === (SHOWN_AS[named] || named))?.[2];
  if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
}

const shortLabel = (field) => field.label.replace(/ \(.*\)$/, '').toLowerCase();

/**
 * The "Edit draft" form of tournament `t`; saving is reported in `result`. `onChange` is called after a
 * save, and after a refusal that may mean the tournament moved on (409), for the page to show it as it is.
 */
function editDraftForm(t, result, onChange) {
  const rows = FIELDS.map((field) => [field, ...input(field)]);
  let shown = {};
  const fill = (tournament) => {
    shown = Object.fromEntries(rows.map(([field, , control]) => [field.name, (control.value = field.from(tournament))]));
  };
  const button = h('button', { type: 'submit', class: 'primary', id: 'edit-submit' }, 'Save changes');
  const form = h('form', { id: 'edit-form', class: 'edit-form', novalidate: true },
    rows.map(([, row]) => row), h('div', { class: 'wide' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = changedValues(rows, shown);
    const names = FIELDS.filter((field) => field.name in body).map(shortLabel);
    if (!names.length) { replace(result, notice('info', 'Nothing changed.')); return; }
    rows.forEach(([, , control]) => control.removeAttribute('aria-invalid'));
    button.disabled = true;
    try {
      fill(await request('PATCH', `/api/admin/tournaments/${encodeURIComponent(t.id)}`, body));
      replace(result, notice('info', `Saved: ${names.join(', ')}.`));
      onChange();
    } catch (error) {
      markInvalid(rows, error);
      replace(result, notice('error', `Not saved: ${error.detail || error.message}`));
      if (error.status === 409) onChange();
    } finally {
      button.disabled = false;
    }
  });
  fill(t);
  return form;
}

/**
 * The page's "Edit draft" panel: `show(t)` offers the form while `t` is a draft (built once, so a refresh
 * does not undo what the host is typing) and removes it after; a refusal stays on screen to say why.
 */
export function editDraftPanel(onChange) {
  const area = h('div', { id: 'edit-draft-area' });
  const result = h('div', { id: 'edit-result', class: 'form-result', 'aria-live': 'polite' });
  let card = null;
  return {
    panel: h('div', {}, area, result),
    show(t) {
      if (t.status === 'draft' && !card) {
        card = h('section', { class: 'card host-panel', id: 'edit-draft', 'aria-labelledby': 'edit-draft-title' },
          h('h2', { id: 'edit-draft-title' }, 'Edit draft'),
          h('p', { class: 'hint' }, 'Until it is published. Fees, limits and tickers are the venue’s: the admin console changes them.'),
          editDraftForm(t, result, onChange));
        replace(area, card);
      } else if (t.status !== 'draft' && card) {
        card = null;
        replace(area);
        if (!result.querySelector('.notice-error')) replace(result);
      }
    },
  };
}
