import { type ErrorBody } from './types';

/** An answer other than 2xx, with the server's error body when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

type TokenSource = () => string | null;
type UnauthorizedHandler = () => void;

let tokenSource: TokenSource = () => null;
let onUnauthorized: UnauthorizedHandler = () => undefined;

/** Wired once by the auth provider: where the bearer token comes from, what a 401 does. */
export function configureApi(source: TokenSource, unauthorized: UnauthorizedHandler): void {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
}

function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The answers web/src/early-inbox.ts asked for before the bundle arrived, by URL. */
interface EarlyRequests {
  token: string;
  requests: Record<string, Promise<Response> | undefined>;
}

/** How long after the page started an early answer may stand in for a new request. */
const EARLY_ANSWER_MS = 20_000;

/** The early answer for this exact GET, once, while the page is still loading; else null. */
function takeEarly(url: string, token: string | null): Promise<Response> | null {
  const early = (window as Window & { __dwfEarly?: EarlyRequests }).__dwfEarly;
  const response = early?.requests[url];
  if (!early || !response || early.token !== token) return null;
  delete early.requests[url];
  return performance.now() <= EARLY_ANSWER_MS ? response : null;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: accept,
    // The language on screen: the server words its definition problems and simulation refusals
    // in it (without the header, English).
    'Accept-Language': document.documentElement.lang === 'en' ? 'en' : 'vi',
    ...options.headers,
  };
  const token = tokenSource();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | FormData | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = urlOf(path, options.query);
  const method = options.method ?? 'GET';
  const early =
    method === 'GET' && accept === 'application/json' && !options.signal && body === undefined
      ? takeEarly(url, token)
      : null;
  const response = await (early ?? fetch(url, { method, headers, body, signal: options.signal }));
  if (!response.ok) {
    let errorBody: ErrorBody | null = null;
    try {
      errorBody = (await response.json()) as ErrorBody;
    } catch {
      errorBody = null;
    }
    if (response.status === 401 && token) onUnauthorized();
    throw new ApiError(response.status, errorBody);
  }
  return response;
}

/** A JSON request; resolves with the status and parsed body, rejects with ApiError. */
export async function request<T>(
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const response = await send(path, options, 'application/json');
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).body;
}

/** A binary answer (such as an SVG diagram) as a Blob, never as markup. */
export async function getBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(path, options, '*/*');
  return response.blob();
}

/** Whether a GET route exists on this server (404 for the route itself means no). */
export async function routeExists(path: string): Promise<boolean> {
  try {
    await send(path, {}, 'application/json');
    return true;
  } catch (error) {
    return !(error instanceof ApiError && error.status === 404);
  }
}
