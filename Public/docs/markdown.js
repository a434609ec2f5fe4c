// A small, safe markdown renderer for the API description's texts: paragraphs, headings, bullet and
// numbered lists, fenced code blocks, `code`, **bold**, *emphasis* and [links](…). It builds DOM nodes:
// text only ever enters the page as text nodes, never as HTML, and a link keeps its address only when it
// is relative or http(s)/mailto, so a description cannot inject markup or script.

const ESCAPABLE = /[\\`*_[\]()#+\-.!{}<>|]/;

/** The address of a link, or null when it is not one the page should follow (javascript:, data:, …). */
export function safeHref(address) {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): so does the check.
  const bare = String(address).replace(/[\u0000-\u0020\u007f]/g, '');
  if (/^(https?:|mailto:)/i.test(bare)) return bare;
  const scheme = bare.match(/^([^/?#]*):/);
  return scheme ? null : bare;
}

function isSpace(character) {
  return character === undefined || /\s/.test(character);
}

function isWordCharacter(character) {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}

/** Where the code span opening at `start` (a run of `ticks` backticks) closes, or -1. */
function codeEnd(text, start, ticks) {
  let index = start;
  while ((index = text.indexOf('`', index)) !== -1) {
    let run = 0;
    while (text[index + run] === '`') run += 1;
    if (run === ticks) return index;
    index += run;
  }
  return -1;
}

/** Where emphasis opened at `start` with `marker` (`*`, `**`, `_` or `__`) closes, or -1. */
function emphasisEnd(text, start, marker) {
  let index = start;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\') { index += 2; continue; }
    if (character === '`') {
      let ticks = 0;
      while (text[index + ticks] === '`') ticks += 1;
      const end = codeEnd(text, index + ticks, ticks);
      index = end === -1 ? index + ticks : end + ticks;
      continue;
    }
    if (character === marker[0]) {
      // A run of the marker's character is taken whole: `**` never closes `*`, nor `*` half of `**`.
      let run = 0;
      while (text[index + run] === character) run += 1;
      if (run === marker.length && index > start && !isSpace(text[index - 1])
        && !(character === '_' && isWordCharacter(text[index + run]))) return index;
      index += run;
      continue;
    }
    index += 1;
  }
  return -1;
}

/** Where a link's address that starts at `start` ends (its closing parenthesis), or -1; parentheses nest. */
function linkEnd(text, start) {
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    if (text[index] === '(') depth += 1;
    if (text[index] === ')' && depth-- === 0) return index;
  }
  return -1;
}

/** Appends the inline markdown of `text` to `parent`. */
export function renderInline(text, parent) {
  const document = parent.ownerDocument;
  let plain = '';
  const flush = () => {
    if (plain) parent.append(document.createTextNode(plain));
    plain = '';
  };
  let index = 0;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\' && ESCAPABLE.test(text[index + 1] || '')) {
      plain += text[index + 1];
      index += 2;
      continue;
    }
    if (character === '`') {
      let ticks = 0;
      while (text[index + ticks] === '`') ticks += 1;
      const end = codeEnd(text, index + ticks, ticks);
      if (end === -1) {
        plain += '`'.repeat(ticks);
        index += ticks;
        continue;
      }
      let content = text.slice(index + ticks, end);
      if (content.length > 1 && content.startsWith(' ') && content.endsWith(' ')) content = content.slice(1, -1);
      flush();
      const code = document.createElement('code');
      code.textContent = content;
      parent.append(code);
      index = end + ticks;
      continue;
    }
    if (character === '[') {
      const close = text.indexOf('](', index + 1);
      const end = close === -1 ? -1 : linkEnd(text, close + 2);
      if (close !== -1 && end !== -1 && !text.slice(index + 1, close).includes('[')) {
        const label = text.slice(index + 1, close);
        const href = safeHref(text.slice(close + 2, end).trim());
        flush();
        if (href === null) {
          renderInline(label, parent);
        } else {
          const link = document.createElement('a');
          link.setAttribute('href', href);
          if (/^https?:/i.test(href)) link.setAttribute('rel', 'noopener noreferrer');
          renderInline(label, link);
          parent.append(link);
        }
        index = end + 1;
        continue;
      }
    }
    if (character === '*' || character === '_') {
      const marker = text[index + 1] === character ? character.repeat(2) : character;
      const opens = !isSpace(text[index + marker.length])
        && !(character === '_' && isWordCharacter(text[index - 1]));
      const end = opens ? emphasisEnd(text, index + marker.length, marker) : -1;
      if (end !== -1) {
        flush();
        const node = document.createElement(marker.length === 2 ? 'strong' : 'em');
        renderInline(text.slice(index + marker.length, end), node);
        parent.append(node);
        index = end + marker.length;
        continue;
      }
      plain += marker;
      index += marker.length;
      continue;
    }
    plain += character;
    index += 1;
  }
  flush();
  return parent;
}

const FENCE = /^\s*(```+|~~~+)\s*([\w+-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;

/**
 * The block markdown of `source` as a DocumentFragment. `headingLevel` is the level a `#` heading gets
 * (descriptions sit inside the page's own headings, so theirs start lower).
 */
export function renderMarkdown(source, { document = globalThis.document, headingLevel = 3 } = {}) {
  const fragment = document.createDocumentFragment();
  const lines = String(source ?? '').replace(/\r\n?/g, '\n').split('\n');
  let paragraph = [];
  let list = null;
  let item = null;

  const closeParagraph = () => {
    if (paragraph.length) {
      const node = document.createElement('p');
      renderInline(paragraph.join(' '), node);
      fragment.append(node);
    }
    paragraph = [];
  };
  const closeItem = () => {
    if (item) renderInline(item.lines.join(' '), item.node);
    item = null;
  };
  const closeList = () => {
    closeItem();
    list = null;
  };

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const fence = line.match(FENCE);
    if (fence) {
      closeParagraph();
      closeList();
      const body = [];
      index += 1;
      while (index < lines.length && !(lines[index].trim().startsWith(fence[1][0].repeat(fence[1].length))
        && lines[index].trim().replace(/[`~]/g, '') === '')) {
        body.push(lines[index]);
        index += 1;
      }
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      if (fence[2]) code.className = `language-${fence[2]}`;
      code.textContent = body.join('\n');
      pre.append(code);
      fragment.append(pre);
      continue;
    }
    if (!line.trim()) {
      closeParagraph();
      closeList();
      continue;
    }
    const heading = line.match(HEADING);
    if (heading) {
      closeParagraph();
      closeList();
      const level = Math.min(6, headingLevel + heading[1].length - 1);
      fragment.append(renderInline(heading[2], document.createElement(`h${level}`)));
      continue;
    }
    const bullet = line.match(BULLET);
    const numbered = bullet ? null : line.match(NUMBERED);
    if (bullet || numbered) {
      closeParagraph();
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) {
        closeList();
        list = document.createElement(tag);
        fragment.append(list);
      }
      closeItem();
      item = { node: document.createElement('li'), lines: [(bullet || numbered)[1]] };
      list.append(item.node);
      continue;
    }
    if (item && /^\s/.test(line)) {
      item.lines.push(line.trim());
      continue;
    }
    closeList();
    paragraph.push(line.trim());
  }
  closeParagraph();
  closeList();
  return fragment;
}
