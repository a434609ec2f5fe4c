// The signed-in user survives a reload: the JWT, username and id live in localStorage.
const KEY = 'marketsim.session';
const listeners = new Set();

export function currentSession() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) || 'null');
    return stored && stored.token ? stored : null;
  } catch {
    return null;
  }
}

export function saveSession({ token, username, userId }) {
  localStorage.setItem(KEY, JSON.stringify({ token, username, userId }));
  listeners.forEach((fn) => fn(currentSession()));
}

export function clearSession() {
  localStorage.removeItem(KEY);
  listeners.forEach((fn) => fn(null));
}

export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Signing in or out in another tab changes this one too.
window.addEventListener('storage', (event) => {
  if (event.key === KEY || event.key === null) listeners.forEach((fn) => fn(currentSession()));
});
