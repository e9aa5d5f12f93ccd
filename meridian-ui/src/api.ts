// The one way the UI talks to the server: the public API, with the access token kept in this
// module's memory only (never localStorage or sessionStorage). A 401 triggers one refresh with the
// refresh token (also in memory); a reload signs the user out.

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiryDuration: number;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let tokens: Tokens | null = null;
let onSignedOut: () => void = () => {};

export function signedIn(): boolean {
  return tokens !== null;
}

export function whenSignedOut(callback: () => void) {
  onSignedOut = callback;
}

async function parse(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) {
    let message = text || response.statusText;
    try {
      const body = JSON.parse(text);
      if (body && typeof body.message === 'string') message = body.message;
    } catch {
      /* a plain-text error stays as it is */
    }
    throw new ApiError(response.status, message);
  }
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  const bytes = new TextEncoder().encode(password);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  const response = await fetch('/api/v1/users/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: btoa(binary) }),
  });
  tokens = (await parse(response)) as Tokens;
}

async function refresh(): Promise<boolean> {
  if (!tokens) return false;
  const response = await fetch('/api/v1/users/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: tokens.refreshToken }),
  });
  if (!response.ok) return false;
  tokens = (await response.json()) as Tokens;
  return true;
}

export async function signOut(): Promise<void> {
  if (tokens) {
    try {
      await call('POST', '/users/logout', { refreshToken: tokens.refreshToken });
    } catch {
      /* signed out locally in any case */
    }
  }
  tokens = null;
  onSignedOut();
}

/** A call to /api/v1{path}; JSON in and out. */
export async function call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {},
  seen: (response: Response) => void = () => {}): Promise<T> {
  const send = () =>
    fetch('/api/v1' + path, {
      method,
      cache: 'no-store',
      headers: {
        ...(body !== undefined ? { 'Content-Type': method === 'PATCH' ? 'application/json-patch+json' : 'application/json' } : {}),
        ...(tokens ? { Authorization: 'Bearer ' + tokens.accessToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  let response = await send();
  if (response.status === 401 && tokens && (await refresh())) {
    response = await send();
  }
  if (response.status === 401) {
    tokens = null;
    onSignedOut();
  }
  seen(response);
  return (await parse(response)) as T;
}

export const get = <T = unknown>(path: string) => call<T>('GET', path);

/** A GET that also answers the entity's ETag, for a later write with If-Match. */
export async function getTagged<T = unknown>(path: string): Promise<{ body: T; etag: string | null }> {
  let etag: string | null = null;
  const body = await call<T>('GET', path, undefined, {}, (response) => { etag = response.headers.get('ETag'); });
  return { body, etag };
}

/** A JSON Patch with If-Match: a 412 means someone else changed the entity since it was read. */
export function patch<T = unknown>(path: string, operations: unknown[], etag: string | null): Promise<T> {
  return call<T>('PATCH', path, operations, etag ? { 'If-Match': etag } : {});
}

export function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(String(v)));
  return parts.length ? '?' + parts.join('&') : '';
}
