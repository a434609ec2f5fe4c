// Sign in and sign up. The server's reason is shown when it refuses (taken name, wrong password...).
import { h, replace, notice } from '../dom.js';
import { post } from '../api.js';
import { saveSession } from '../session.js';

// A new account is asked for 8 characters; the API itself keeps the agent contract's 4, and signing in
// takes whatever an older account was made with.
const SIGNUP_PASSWORD_MINIMUM = 8;
const SIGNIN_PASSWORD_MINIMUM = 4;

export function authView(mode) {
  const signup = mode === 'signup';
  const passwordMinimum = signup ? SIGNUP_PASSWORD_MINIMUM : SIGNIN_PASSWORD_MINIMUM;
  return {
    title: () => (signup ? 'Sign up' : 'Sign in'),
    auth: false,
    render(root, ctx) {
      const next = ctx.query.get('next') || '/markets';
      const message = h('div', { id: 'auth-message' },
        ctx.query.get('ended') ? notice('info', 'Your session has ended. Sign in again to continue.') : null);
      const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, minlength: 2 });
      const password = h('input', {
        id: 'password', name: 'password', type: 'password', required: true, minlength: passwordMinimum,
        autocomplete: signup ? 'new-password' : 'current-password',
      });
      const submit = h('button', { type: 'submit', class: 'primary' }, signup ? 'Create account' : 'Sign in');
      const form = h('form', { class: 'card auth-form', novalidate: true },
        h('h1', {}, signup ? 'Create your trading account' : 'Sign in to MarketSim'),
        h('div', { class: 'field' }, h('label', { for: 'username' }, 'Username'), username,
          signup ? h('p', { class: 'hint' }, 'At least 2 characters.') : null),
        h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password,
          signup ? h('p', { class: 'hint' }, `At least ${passwordMinimum} characters.`) : null),
        message,
        submit,
        h('p', { class: 'switch-auth' }, signup
          ? ['Already have an account? ', h('a', { href: `#/signin?next=${encodeURIComponent(next)}` }, 'Sign in')]
          : ['New here? ', h('a', { href: `#/signup?next=${encodeURIComponent(next)}` }, 'Create an account')]));

      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const name = username.value.trim();
        if (name.length < 2 || password.value.length < passwordMinimum) {
          replace(message, notice('error', `Username needs at least 2 characters and password at least ${passwordMinimum}.`));
          (name.length < 2 ? username : password).focus();
          return;
        }
        submit.disabled = true;
        submit.setAttribute('aria-busy', 'true');
        replace(message);
        try {
          const answer = await post(signup ? '/register' : '/login', { username: name, password: password.value }, { auth: false });
          saveSession({ token: answer.jwt_token, username: answer.username, userId: answer.user_id, role: answer.role });
          ctx.navigate(`#${next}`);
        } catch (error) {
          replace(message, notice('error', error.detail || error.message));
          submit.disabled = false;
          submit.removeAttribute('aria-busy');
        }
      });
      replace(root, h('section', { class: 'auth-page' }, form));
      username.focus();
    },
  };
}
