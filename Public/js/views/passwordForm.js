// Changing one's password (a class account's one-time password first of all). The server ends every
// earlier session and answers a new token, which this page adopts so the student stays signed in.
import { h, replace, notice } from '../dom.js';
import { post } from '../api.js';
import { currentSession, saveSession, rememberConsole } from '../session.js';

const MINIMUM = 8;

function field(id, label, autocomplete, hint) {
  const input = h('input', { id, name: id, type: 'password', autocomplete, required: true });
  return [h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null), input];
}

export function changePasswordForm() {
  const [currentRow, current] = field('current-password', 'Current password', 'current-password');
  const [newRow, next] = field('new-password', 'New password', 'new-password', `At least ${MINIMUM} characters.`);
  const [repeatRow, repeat] = field('repeat-password', 'New password again', 'new-password');
  const result = h('div', { id: 'password-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Change password');
  const form = h('form', { class: 'card password-form', id: 'password-form', novalidate: true },
    h('h2', {}, 'Change password'), currentRow, newRow, repeatRow, result, button);

  const refuse = (text, input) => { replace(result, notice('error', text)); input.focus(); };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!current.value) return refuse('Give your current password.', current);
    if (next.value.length < MINIMUM) return refuse(`The new password needs at least ${MINIMUM} characters.`, next);
    if (next.value !== repeat.value) return refuse('The two new passwords differ.', repeat);
    button.disabled = true;
    try {
      // A wrong current password answers 401, which must not end the session it was typed in.
      const answer = await post('/account/password', { current_password: current.value, new_password: next.value }, { keepSession: true });
      const hadConsole = currentSession()?.console === true;
      saveSession({ token: answer.jwt_token, username: answer.username, userId: answer.user_id, role: answer.role });
      if (hadConsole) rememberConsole();
      form.reset();
      replace(result, notice('info', 'Password changed. Your other sessions have ended; this one goes on.'));
    } catch (error) {
      replace(result, notice('error', `Not changed: ${error.detail || error.message}`));
    }
    button.disabled = false;
  });
  return form;
}
