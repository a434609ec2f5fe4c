// The signed-in user survives a reload: the JWT, username, id and role live in localStorage.
const KEY = 'marketsim.session';
const listeners = new Set();
const consoleListeners = new Set();

export function currentSession() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) || 'null');
    return stored && stored.token ? stored : null;
  } catch {
    return null;
  }
}

/** `role` is the server's word for the user ("admin", "trader") when its sign-in answer gives one. */
export function saveSession({ token, username, userId, role = null }) {
  localStorage.setItem(KEY, JSON.stringify({ token, username, userId, role }));
  listeners.forEach((fn) => fn(currentSession()));
}

/**
 * Whether the signed-in user may open the admin console: an administrator, or someone the console has
 * already answered (a venue's host). Nothing else is known without asking an admin route, which answers
 * everyone else with a 403, so the dashboard does not ask on its own.
 */
export function mayAdminister(session = currentSession()) {
  return Boolean(session && (session.role === 'admin' || session.console === true));
}

/** Records that the admin console answered this user, which shows them the way to it from now on. */
export function rememberConsole() {
  const session = currentSession();
  if (!session || session.console === true) return;
  localStorage.setItem(KEY, JSON.stringify({ ...session, console: true }));
  consoleListeners.forEach((fn) => fn(currentSession()));
}

export function onConsoleChange(fn) {
  consoleListeners.add(fn);
  return () => consoleListeners.delete(fn);
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
