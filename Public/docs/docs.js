// The API reference: reads /openapi.json and renders every operation by tag, with its parameters, body
// and answers as schema sketches. No framework, no request to any other host.
const reference = document.getElementById('reference');
const tags = document.getElementById('tags');
const filter = document.getElementById('filter');

function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** A compact sketch of a schema: {"field": type, …} with `$ref`s followed (once per path). */
function sketch(schema, components, seen = new Set(), depth = 0) {
  if (!schema || depth > 6) return 'any';
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    if (seen.has(name)) return name;
    return sketch(components[name], components, new Set([...seen, name]), depth);
  }
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

function operationView(path, method, operation, components) {
  const open = operation.security && operation.security.length === 0;
  const body = [];
  if (operation.description) body.push(element('p', {}, operation.description));
  if (operation.parameters?.length) {
    body.push(element('table', {}, element('tr', {}, element('th', {}, 'parameter'), element('th', {}, 'in'), element('th', {}, 'schema')),
      operation.parameters.map((p) => element('tr', {}, element('td', {}, element('code', {}, p.name)), element('td', {}, p.in),
        element('td', {}, JSON.stringify(sketch(p.schema, components)), p.description ? ` — ${p.description}` : '')))));
  }
  const request = operation.requestBody?.content?.['application/json']?.schema;
  if (request) body.push(element('p', {}, 'Body'), element('pre', {}, JSON.stringify(sketch(request, components), null, 2)));
  for (const [status, response] of Object.entries(operation.responses || {})) {
    const schema = response.content?.['application/json']?.schema;
    body.push(element('p', {}, `${status}: ${response.description}`));
    if (schema) body.push(element('pre', {}, JSON.stringify(sketch(schema, components), null, 2)));
  }
  return element('details', { 'data-search': `${method} ${path} ${operation.summary}`.toLowerCase() },
    element('summary', {}, element('span', { class: `method ${method}` }, method), element('code', {}, path),
      element('span', {}, operation.summary), element('span', { class: 'auth' }, open ? 'no auth' : 'X-API-Key or Bearer')),
    body);
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
  const order = (description.tags || []).map((tag) => tag.name);
  const rank = (tag) => (order.includes(tag) ? order.indexOf(tag) : order.length);
  const sections = [...byTag].sort(([a], [b]) => rank(a) - rank(b));
  reference.replaceChildren(element('section', {}, element('p', {}, description.info.description)),
    ...sections.map(([tag, views]) => element('section', { id: tag.toLowerCase().replace(/\W+/g, '-') }, element('h2', {}, tag), views)));
  tags.replaceChildren(...sections.map(([tag]) => tag).map((tag) => element('a', { href: `#${tag.toLowerCase().replace(/\W+/g, '-')}` }, tag)));
}

filter.addEventListener('input', () => {
  const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const details of reference.querySelectorAll('details')) {
    details.hidden = !words.every((word) => details.dataset.search.includes(word));
  }
});

render().catch((error) => { reference.textContent = `Could not load /openapi.json: ${error.message}`; });
