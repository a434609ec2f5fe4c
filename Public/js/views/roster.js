// A class imported at once: each name in a list becomes an account with a one-time password (made in
// this browser, never sent anywhere but the registration), optionally entered in the tournament or
// joined to the venue at once. The host downloads username, password and join link as a CSV to hand
// out; names the server refuses (taken, invalid) are listed with its reason, and the rest go on.
import { h, replace, notice, table } from '../dom.js';
import { post } from '../api.js';
import { csvText, parseNames, offerDownload, fileName } from '../csv.js';
import { oneTimePassword } from '../secrets.js';

const RATE_LIMIT_PAUSE_MS = 5000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers one name; a rate-limited registration waits and tries again (a class is many at once). */
async function register(username, password) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await post('/register', { username, password }, { auth: false });
    } catch (error) {
      if (error.status !== 429 || attempt >= 3) throw error;
      await sleep(RATE_LIMIT_PAUSE_MS);
    }
  }
}

/** One row of the result: created (and perhaps enrolled), or refused with the server's reason. */
async function importOne(username, enroll) {
  const password = oneTimePassword();
  let account;
  try {
    account = await register(username, password);
  } catch (error) {
    return { username, status: 'refused', detail: error.detail || error.message };
  }
  const row = { username: account.username, password, status: 'created', detail: '' };
  if (enroll) {
    try {
      await enroll(account.jwt_token);
      row.detail = 'Entered.';
    } catch (error) {
      row.detail = `Account made, not entered: ${error.detail || error.message}`;
    }
  }
  return row;
}

function resultsTable(rows) {
  return table({
    caption: 'Imported accounts', hideCaption: true,
    columns: [
      { label: 'Username', cell: (r) => r.username },
      { label: 'Result', cell: (r) => h('span', { class: `badge badge-${r.status}` }, r.status) },
      { label: 'Password', cell: (r) => (r.password ? h('code', {}, r.password) : '—') },
      { label: 'Note', cell: (r) => r.detail || '' },
    ],
    rows,
    rowAttrs: (r) => ({ dataset: { user: r.username, status: r.status } }),
  });
}

/**
 * The roster panel. `name` names the files; `joinLink()` resolves to the link the students follow;
 * `enroll` (optional) is { label, run(token) } entering a new account where the host wants it.
 */
export function rosterPanel({ name, joinLink, enroll = null, onImported = () => {} }) {
  const names = h('textarea', { id: 'roster-names', name: 'names', rows: 6, spellcheck: 'false', placeholder: 'username\nana.lima\nben_ode' });
  const file = h('input', { id: 'roster-file', type: 'file', accept: '.csv,.txt,text/csv,text/plain' });
  const enrollBox = enroll ? h('input', { id: 'roster-enroll', type: 'checkbox', checked: true }) : null;
  const status = h('p', { id: 'roster-status', class: 'muted', role: 'status' });
  const results = h('div', { id: 'roster-results' });
  const download = h('div', { id: 'roster-download', class: 'downloads' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'roster-import' }, 'Create the accounts');
  file.addEventListener('change', async () => { if (file.files[0]) names.value = await file.files[0].text(); });

  const form = h('form', { id: 'roster-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'roster-names' }, 'Usernames: one a line, or a CSV with a username column'), names),
    h('div', { class: 'field' }, h('label', { for: 'roster-file' }, 'Or pick the class list file'), file),
    enroll ? h('div', { class: 'field check' }, h('label', { for: 'roster-enroll' }, enrollBox, enroll.label)) : null,
    button, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const list = parseNames(names.value);
    if (!list.length) { replace(status, 'Give at least one username.'); return; }
    button.disabled = true;
    const link = await joinLink().catch(() => '');
    const rows = [];
    for (const username of list) {
      status.textContent = `Creating ${rows.length + 1} of ${list.length}…`;
      rows.push(await importOne(username, enrollBox?.checked ? enroll.run : null));
      replace(results, resultsTable(rows));
    }
    const created = rows.filter((r) => r.status === 'created');
    const refused = rows.length - created.length;
    status.textContent = `${created.length} created, ${refused} refused.`;
    if (created.length) {
      const text = csvText([['username', 'password', 'join_link'], ...created.map((r) => [r.username, r.password, link])]);
      offerDownload(download, fileName(name, 'roster'), text, 'Download the passwords (CSV)');
      results.prepend(notice('info', 'The passwords are shown only now: download them or copy them before you leave this page.'));
    }
    button.disabled = false;
    onImported(rows);
  });

  return h('section', { class: 'card host-panel', id: 'roster', 'aria-labelledby': 'roster-title' },
    h('h2', { id: 'roster-title' }, 'Class roster'),
    h('p', { class: 'hint' }, 'Each student gets an account with a one-time password; they can change it on their portfolio page.'),
    form, results, download);
}
