// REST client: JSON in and out, the bearer token when signed in, and errors carrying the server's
// `detail` so the page can show the server's own reason.
import { currentSession, clearSession } from './session.js';
import { apiPath } from './venue.js';

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail || `Request failed (${status})`);
    this.status = status;
    this.detail = detail;
    this.body = body;
  }
  get notFound() { return this.status === 404; }
  /** The server has no such route at all (as opposed to, say, an unknown ticker). */
  get missingRoute() { return this.status === 404 && /^No route/.test(this.detail || ''); }
}

/**
 * request('GET', '/api/portfolio') — `path` is absolute. Throws ApiError for non-2xx answers and for
 * network failures (status 0). A 401 on an authenticated call ends the session, unless `keepSession`
 * (a wrong current password is a 401 too). `token` sends another account's token (a student the
 * host just registered) instead of the session's.
 */
let rateLimitedUntil = 0;

export async function request(method, path, body, { auth = true, token = null, keepSession = false } = {}) {
  // After a 429, background reads wait out the server's Retry-After instead of adding to the load;
  // what the user asks for (POST, DELETE) still goes and gets the server's own answer.
  const wait = rateLimitedUntil - Date.now();
  if (method === 'GET' && wait > 0) {
    throw new ApiError(429, `Too many requests; trying again in ${Math.ceil(wait / 1000)} s.`, null);
  }
  const headers = { Accept: 'application/json' };
  const session = auth && !token ? currentSession() : null;
  const bearer = token || session?.token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, 'Cannot reach the server. Check your connection.', null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    if (response.status === 401 && session && !keepSession) clearSession();
    if (response.status === 429) {
      const seconds = Number(response.headers.get('Retry-After'));
      rateLimitedUntil = Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 10) * 1000;
    }
    const detail = data && typeof data.detail === 'string' ? data.detail : `${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, detail, data);
  }
  return data;
}

/** A venue-scoped route: venueGet('/portfolio') → GET /api/portfolio in main, /api/venues/v/portfolio elsewhere. */
export const venueGet = (path, options) => request('GET', apiPath(path), undefined, options);
export const venuePost = (path, body, options) => request('POST', apiPath(path), body, options);
export const venuePut = (path, body, options) => request('PUT', apiPath(path), body, options);
export const venueDelete = (path, options) => request('DELETE', apiPath(path), undefined, options);

/** Server-wide routes (auth, tournaments). */
export const get = (path, options) => request('GET', `/api${path}`, undefined, options);
export const post = (path, body, options) => request('POST', `/api${path}`, body, options);
export const remove = (path, options) => request('DELETE', `/api${path}`, undefined, options);

/** The first array found in an answer: the answer itself or one of the named keys. */
export function listFrom(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of keys) if (data && Array.isArray(data[key])) return data[key];
  return [];
}
