// CSV in and out, built in the browser: the class list a host pastes or picks, and the files the host
// console offers (results, reports, a roster's passwords), handed over as a Blob through an <a download>.

// A cell a spreadsheet would run as a formula (=, +, @, or - before a letter) is kept as text by a
// leading apostrophe; negative numbers stay numbers.
const FORMULA = /^(?:[=+@\t\r]|-(?![\d.]))/;

function cell(value) {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** csvText([['username', 'password'], ['ana', 'x']]) → "username,password\r\nana,x\r\n" (RFC 4180 line ends). */
export function csvText(rows) {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The usernames of a class list: one a line, or a CSV whose header has a `username` column (the other
 * columns are ignored). Blank lines, surrounding quotes and repeats are dropped, in the order given.
 */
export function parseNames(text) {
  const lines = String(text).split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (!lines.length) return [];
  const header = splitLine(lines[0]).map((name) => name.toLowerCase());
  const column = header.indexOf('username');
  const names = column >= 0
    ? lines.slice(1).map((line) => splitLine(line)[column] || '')
    : lines.map((line) => splitLine(line)[0]);
  return [...new Set(names.map((name) => name.trim()).filter(Boolean))];
}

// Quoted cells may hold commas; a class list has no line breaks inside a cell.
function splitLine(line) {
  const cells = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { current += '"'; i++; } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { cells.push(current); current = ''; } else current += c;
  }
  cells.push(current);
  return cells.map((value) => value.trim());
}

/**
 * Starts the download of `text` as `filename` and returns the link, which stays on the page to download
 * it again (its href is the Blob's URL, readable by fetch). A link made earlier for the same file is
 * replaced, and its URL released.
 */
export function downloadLink(filename, text, label = `Download ${filename}`) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.className = 'download-link';
  link.dataset.file = filename;
  link.textContent = label;
  document.querySelectorAll(`a.download-link[data-file="${CSS.escape(filename)}"]`).forEach((old) => {
    URL.revokeObjectURL(old.href);
    old.remove();
  });
  return link;
}

/** Puts the link in `container` and clicks it, which saves the file. */
export function offerDownload(container, filename, text, label) {
  const link = downloadLink(filename, text, label);
  container.replaceChildren(link);
  link.click();
  return link;
}

/** A file name from parts: "classroom-sprint-results.csv". */
export const fileName = (...parts) => `${parts.filter(Boolean).join('-').replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
