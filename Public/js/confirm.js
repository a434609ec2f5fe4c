// The question asked before an action that cannot be taken back (starting, ending or cancelling a
// tournament, disqualifying someone): a modal dialog, answered with the keyboard or a click.
import { h } from './dom.js';

function ask({ title, text, confirmLabel, danger = false, reasonLabel = null }) {
  document.getElementById('confirm-dialog')?.remove();
  const reason = reasonLabel ? h('input', { id: 'confirm-reason', name: 'reason', autocomplete: 'off', maxlength: 500 }) : null;
  const dialog = h('dialog', { id: 'confirm-dialog', class: 'confirm-dialog', 'aria-labelledby': 'confirm-title' },
    h('form', { method: 'dialog' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, text),
      reason ? h('div', { class: 'field' }, h('label', { for: 'confirm-reason' }, reasonLabel), reason) : null,
      h('div', { class: 'actions' },
        h('button', { value: 'cancel', type: 'submit', autofocus: !reason }, 'Keep it as it is'),
        h('button', { value: 'confirm', type: 'submit', class: danger ? 'danger' : 'primary' }, confirmLabel))));
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm' ? { reason: reason?.value.trim() || '' } : null);
      dialog.remove();
    });
    dialog.showModal();
    reason?.focus();
  });
}

/** Resolves true when the person confirms, false when they keep things as they are (or press Escape). */
export async function confirmAction(options) {
  return (await ask(options)) !== null;
}

/** Like confirmAction, with a reason typed in the dialog: resolves the reason ('' if none), or null. */
export async function confirmWithReason(options) {
  return (await ask({ reasonLabel: 'Reason (kept in the audit log)', ...options }))?.reason ?? null;
}
