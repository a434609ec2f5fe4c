// The API reference: reads /openapi.json and renders every operation by tag, with its parameters, body
// and answers as schema sketches, an example request and answer recorded from a real server, and the
// refusals it can meet; then the WebSocket feed (the description's `x-websocket`). The description's texts
// are markdown, rendered by markdown.js into DOM nodes. No framework, no request to any other host.
import { renderInline, renderMarkdown } from './markdown.js';

const reference = document.getElementById('reference');
const tags = document.getElementById('tags');
const filter = document.getElementById('filter');

function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children.flat(Infinity)) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** A block of markdown, in a div of `className`. */
function markdown(text, className = 'markdown', headingLevel = 4) {
  const node = element('div', { class: className });
  node.append(renderMarkdown(text, { document, headingLevel }));
  return node;
}

/** A line of inline markdown in an element `name`. */
function inline(name, text, attributes = {}) {
  return renderInline(String(text ?? ''), element(name, attributes));
}

function slug(text) {
  return text.toLowerCase().replace(/\W+/g, '-').replace(/^-|-$/g, '');
}

/** A compact sketch of a schema: {"field": type, …} with `$ref`s followed (once per path). */
function sketch(schema, components, seen = new Set(), depth = 0) {
  if (!schema || depth > 6) return 'any';
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    if (seen.has(name)) return name;
    return sketch(components[name], components, new Set([...seen, name]), depth);
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = [].concat(schema.type || 'any');
  if (types.includes('array')) return [sketch(schema.items, components, seen, depth + 1)];
  if (types.includes('object') && schema.properties) {
    const required = new Set(schema.required || []);
    const result = {};
    for (const [key, value] of Object.entries(schema.properties)) {
      result[required.has(key) ? key : `${key}?`] = sketch(value, components, seen, depth + 1);
    }
    return result;
  }
  if (types.includes('object') && schema.additionalProperties) {
    return { '<key>': sketch(schema.additionalProperties, components, seen, depth + 1) };
  }
  return schema.enum ? schema.enum.join(' | ') : types.join(' | ');
}

function json(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function examplesOf(media) {
  return Object.values(media?.examples || {});
}

/** The example request: the HTTP message, and the same as a curl command. */
function requestView(operation) {
  const samples = operation['x-codeSamples'] || [];
  if (!samples.length) return [];
  return element('div', { class: 'example example-request' },
    element('h4', {}, 'Example request'),
    samples.map((sample) => element('pre', { class: `sample ${sample.lang}`, 'data-label': sample.label },
      element('code', {}, sample.source))));
}

/** The example answers of a status: summary, what asked for it, the JSON. */
function answerView(status, response) {
  const views = [];
  for (const [type, media] of Object.entries(response.content || {})) {
    for (const example of examplesOf(media)) {
      const refusal = !status.startsWith('2');
      const heading = refusal ? `${example.summary}` : `${status}: ${example.summary}`;
      views.push(element('div', { class: `example ${refusal ? 'example-refusal' : 'example-answer'}`, 'data-status': status },
        inline('h4', heading),
        example.description ? markdown(example.description, 'markdown note') : [],
        element('pre', { 'data-type': type }, element('code', {}, json(example.value)))));
    }
  }
  return views;
}

function operationView(path, method, operation, components) {
  const open = operation.security && operation.security.length === 0;
  const body = [];
  if (operation.description) body.push(markdown(operation.description));
  if (operation.parameters?.length) {
    body.push(element('table', {}, element('tr', {}, element('th', {}, 'parameter'), element('th', {}, 'in'), element('th', {}, 'schema')),
      operation.parameters.map((p) => {
        const cell = element('td', {}, JSON.stringify(sketch(p.schema, components)));
        if (p.description) cell.append(' — ', renderInline(p.description, element('span')));
        return element('tr', {}, element('td', {}, element('code', {}, p.name)), element('td', {}, p.in), cell);
      })));
  }
  const request = operation.requestBody?.content?.['application/json']?.schema;
  if (request) body.push(element('p', {}, 'Body'), element('pre', {}, JSON.stringify(sketch(request, components), null, 2)));
  const answers = [];
  const refusals = [];
  for (const [status, response] of Object.entries(operation.responses || {})) {
    body.push(inline('p', `${status}: ${response.description}`));
    const schema = response.content?.['application/json']?.schema;
    if (schema) body.push(element('pre', {}, JSON.stringify(sketch(schema, components), null, 2)));
    (status.startsWith('2') ? answers : refusals).push(...answerView(status, response));
  }
  body.push(element('div', { class: 'examples' }, requestView(operation), answers),
    refusals.length ? element('div', { class: 'refusals' }, element('h4', {}, 'Refusals'), refusals) : []);
  const summary = inline('span', operation.summary, { class: 'operation-summary' });
  return element('details', { class: 'operation', id: slug(`${method} ${path}`), 'data-search': `${method} ${path} ${operation.summary}`.toLowerCase() },
    element('summary', {}, element('span', { class: `method ${method}` }, method), element('code', {}, path),
      summary, element('span', { class: 'auth' }, open ? 'no auth' : 'X-API-Key or Bearer')),
    body);
}

/** A table of a message's fields from its schema: name, type, required, description. */
function fieldsView(schema) {
  const required = new Set(schema.required || []);
  return element('table', { class: 'fields' },
    element('tr', {}, element('th', {}, 'field'), element('th', {}, 'type'), element('th', {}, 'description')),
    Object.entries(schema.properties || {}).map(([name, property]) => {
      const type = property.const !== undefined ? JSON.stringify(property.const)
        : property.enum ? property.enum.join(' | ') : [].concat(property.type || 'any').join(' | ');
      return element('tr', {}, element('td', {}, element('code', {}, name), required.has(name) ? '' : ' (optional)'),
        element('td', {}, type), renderInline(property.description || '', element('td')));
    }));
}

function websocketView(websocket) {
  const section = element('section', { id: 'websocket', class: 'websocket' }, element('h2', {}, 'WebSocket'));
  if (websocket.description) section.append(markdown(websocket.description));
  section.append(element('ul', { class: 'urls' }, (websocket.urls || []).map((url) =>
    element('li', {}, element('code', {}, url.url), ' — ', renderInline(url.description || '', element('span'))))));

  section.append(element('h3', { id: 'websocket-channels' }, 'Channels'),
    element('table', { class: 'channels' },
      element('tr', {}, element('th', {}, 'channel'), element('th', {}, 'auth'), element('th', {}, 'messages'), element('th', {}, 'what it carries')),
      (websocket.channels || []).map((channel) => element('tr', { 'data-channel': channel.name },
        element('td', {}, element('code', {}, channel.name)),
        element('td', {}, channel.auth ? 'token or api_key' : 'none'),
        element('td', {}, channel.messages.map((type, index) => [index ? ', ' : '', element('a', { href: `#ws-${type}` }, type)])),
        renderInline(channel.description || '', element('td'))))));

  const subscribe = websocket.subscribe || {};
  section.append(element('h3', { id: 'websocket-subscribe' }, 'Subscribing'),
    markdown(subscribe.description || ''),
    element('div', { class: 'example' }, (subscribe.examples || []).map((example) =>
      [inline('h4', example.summary), element('pre', {}, element('code', {}, example.value))])));
  if (subscribe.refusals?.length) {
    section.append(element('div', { class: 'refusals' }, element('h4', {}, 'Refused upgrades'),
      subscribe.refusals.map((refusal) => element('div', { class: 'example example-refusal' },
        inline('h4', refusal.summary), markdown(refusal.description || '', 'markdown note'),
        element('pre', {}, element('code', {}, json(refusal.value)))))));
  }
  section.append(element('h3', { id: 'websocket-unsubscribe' }, 'Unsubscribing'),
    markdown(websocket.unsubscribe?.description || ''));

  section.append(element('h3', { id: 'websocket-messages' }, 'Messages'));
  for (const message of websocket.messages || []) {
    section.append(element('article', { class: 'message', id: `ws-${message.type}`, 'data-type': message.type },
      element('h4', {}, element('code', {}, `"type": "${message.type}"`)),
      markdown(message.description || ''),
      fieldsView(message.schema || {}),
      (message.examples || []).map((example) => element('div', { class: 'example example-message' },
        inline('h5', example.summary), element('pre', {}, element('code', {}, json(example.value)))))));
  }
  return section;
}

async function render() {
  const description = await (await fetch('/openapi.json')).json();
  const components = description.components.schemas;
  const byTag = new Map();
  for (const [path, item] of Object.entries(description.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const tag = operation.tags?.[0] || 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operationView(path, method, operation, components));
    }
  }
  const tagInfo = new Map((description.tags || []).map((tag) => [tag.name, tag]));
  const order = [...tagInfo.keys()];
  const rank = (tag) => (order.includes(tag) ? order.indexOf(tag) : order.length);
  const sections = [...byTag].sort(([a], [b]) => rank(a) - rank(b));
  const views = sections.map(([tag, operations]) => element('section', { id: slug(tag) }, element('h2', {}, tag),
    tagInfo.get(tag)?.description ? markdown(tagInfo.get(tag).description, 'markdown tag-description') : [], operations));
  const websocket = description['x-websocket'] ? [websocketView(description['x-websocket'])] : [];
  reference.replaceChildren(element('section', { class: 'overview' }, markdown(description.info.description || '')),
    ...views, ...websocket);
  const links = sections.map(([tag]) => element('a', { href: `#${slug(tag)}` }, tag));
  if (websocket.length) links.push(element('a', { href: '#websocket' }, 'WebSocket'));
  tags.replaceChildren(...links);
  // A link to an operation or a section opens it once the page is drawn.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  document.body.dataset.loaded = 'true';
}

filter.addEventListener('input', () => {
  const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const details of reference.querySelectorAll('details')) {
    details.hidden = !words.every((word) => details.dataset.search.includes(word));
  }
});

render().catch((error) => { reference.textContent = `Could not load /openapi.json: ${error.message}`; });
