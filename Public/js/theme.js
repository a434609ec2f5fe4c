// Light and dark themes: the system preference by default, a stored choice once the toggle is used.
const KEY = 'marketsim.theme';

function systemTheme() {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function currentTheme() {
  return localStorage.getItem(KEY) || systemTheme();
}

function apply(button) {
  const theme = currentTheme();
  document.documentElement.dataset.theme = theme;
  // A toggle button: its name stays "Dark theme", its pressed state says whether it is on.
  button.setAttribute('aria-pressed', String(theme === 'dark'));
  const icon = button.querySelector('.theme-icon');
  if (icon) icon.textContent = theme === 'dark' ? '☀' : '☾';
}

export function setupTheme(button) {
  apply(button);
  button.addEventListener('click', () => {
    localStorage.setItem(KEY, currentTheme() === 'dark' ? 'light' : 'dark');
    apply(button);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => apply(button));
}
