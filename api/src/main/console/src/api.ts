// The console's only way to the API: same origin, bearer credentials held in memory only (never in storage or
// cookies that scripts could read), problem+json errors turned into readable messages.

export interface Session {
  token: string;
  kind: 'user' | 'key';
  label: string;
  refreshToken?: string;
  expiresAt?: number;
  roles: string[];
}

let session: Session | null = null;
const listeners = new Set<() => void>();

export function currentSession(): Session | null {
  return session;
}

export function setSession(next: Session | null) {
  session = next;
  listeners.forEach((l) => l());
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly fields: { field: string; reason: string }[] = [],
              readonly retryAfter?: string) {
    super(message);
  }
}

async function problem(response: Response): Promise<ApiError> {
  const retryAfter = response.headers.get('Retry-After') ?? undefined;
  try {
    const body = await response.json();
    if (body.error) {
      return new ApiError(response.status, body.error.message ?? response.statusText, [], retryAfter);
    }
    const fields = Array.isArray(body.errors) ? body.errors : [];
    const detail = [body.title, body.detail].filter(Boolean).join(': ');
    return new ApiError(response.status, detail || response.statusText, fields, retryAfter);
  } catch {
    return new ApiError(response.status, response.statusText || `HTTP ${response.status}`, [], retryAfter);
  }
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (session) headers.set('Authorization', `Bearer ${session.token}`);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (response.status === 401 && session?.kind === 'user' && session.refreshToken && (await refresh())) {
    headers.set('Authorization', `Bearer ${session.token}`);
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  }
  if (response.status === 401) setSession(null);
  if (!response.ok) throw await problem(response);
  return response;
}

export async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const text = await (await request(path, init)).text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const send = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  json<T>(path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers });

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user?: { email?: string; roles?: string[]; role?: string };
}

function claims(token: string): Record<string, unknown> {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

function userSession(tokens: TokenResponse, label: string): Session {
  const c = claims(tokens.access_token);
  const roles = (c.roles as string[] | undefined) ?? (tokens.user?.roles ?? (tokens.user?.role ? [tokens.user.role] : []));
  return {
    token: tokens.access_token, kind: 'user', label, refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + tokens.expires_in * 1000, roles,
  };
}

export async function login(email: string, password: string) {
  const tokens = await send<TokenResponse>('POST', '/v1/auth/login', { email, password });
  setSession(userSession(tokens, email));
}

export async function useApiKey(key: string) {
  session = { token: key, kind: 'key', label: `key ${key.slice(0, 12)}…`, roles: [] };
  try {
    await json('/v1/jobs?limit=1');
    setSession(session);
  } catch (e) {
    session = null;
    throw e;
  }
}

async function refresh(): Promise<boolean> {
  const current = session;
  if (!current?.refreshToken) return false;
  const response = await fetch('/v1/auth/refresh', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: current.refreshToken }),
  });
  if (!response.ok) return false;
  setSession(userSession(await response.json(), current.label));
  return true;
}

export async function logout() {
  const current = session;
  setSession(null);
  if (current?.kind === 'user' && current.refreshToken) {
    await fetch('/v1/auth/logout', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${current.token}` },
      body: JSON.stringify({ refresh_token: current.refreshToken }),
    }).catch(() => undefined);
  }
}

/**
 * Server-Sent Events over fetch (EventSource cannot send an Authorization header): calls onEvent for every event
 * until the stream ends or signal aborts.
 */
export async function streamEvents(path: string, init: RequestInit, signal: AbortSignal,
                                   onEvent: (event: string, data: string) => void,
                                   onOpen?: (response: Response) => void): Promise<void> {
  const response = await request(path, { ...init, signal, headers: { Accept: 'text/event-stream', ...init.headers } });
  onOpen?.(response);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length && event !== 'keepalive') onEvent(event, data.join('\n'));
    }
  }
}
