// A countdown to a moment, redrawn every second: the time left before a tournament starts.

/** "2 d 03:04:05", "1:02:03", "4:05", "0:09"; "now" once the time has come. */
export function timeLeft(ms) {
  if (!(ms > 0)) return 'now';
  const total = Math.ceil(ms / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  if (days) return `${days} d ${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${seconds}`;
  if (hours) return `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`;
  return `${minutes}:${seconds}`;
}

/**
 * Writes the time left until `iso` into `element` now and every second; calls `onZero` once when it
 * runs out. Returns the function that stops it.
 */
export function countdown(element, iso, onZero = () => {}) {
  const target = new Date(iso).getTime();
  let fired = false;
  const draw = () => {
    const left = target - Date.now();
    element.textContent = left > 0 ? `Starts in ${timeLeft(left)}` : 'Starting…';
    element.dataset.secondsLeft = String(Math.max(0, Math.ceil(left / 1000)));
    if (left <= 0 && !fired) { fired = true; onZero(); }
  };
  draw();
  const timer = setInterval(draw, 1000);
  return () => clearInterval(timer);
}
