// The question asked before an action that cannot be taken back (starting, ending or cancelling a
// tournament, disqualifying someone): a modal dialog, answered with the keyboard or a click.
import { h } from './dom.js';

/** Resolves true when the person confirms, false when they keep things as they are (or press Escape). */
export function confirmAction({ title, text, confirmLabel, danger = false }) {
  document.getElementById('confirm-dialog')?.remove();
  const dialog = h('dialog', { id: 'confirm-dialog', class: 'confirm-dialog', 'aria-labelledby': 'confirm-title' },
    h('form', { method: 'dialog' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, text),
      h('div', { class: 'actions' },
        h('button', { value: 'cancel', type: 'submit', autofocus: true }, 'Keep it as it is'),
        h('button', { value: 'confirm', type: 'submit', class: danger ? 'danger' : 'primary' }, confirmLabel))));
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    dialog.showModal();
  });
}
