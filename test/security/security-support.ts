import request, { type Response, type Test } from 'supertest';
import { type App } from 'supertest/types';

/**
 * Shared helpers of the security suite: the routes as the OpenAPI document lists them, the
 * users that stand for each role, and assertions that print what was sent when they fail.
 */

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Routes that need no token (api.md: sign-in, health, docs). */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/auth/login',
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'GET /api/docs-json',
  'GET /api/docs',
]);

/** Stand-ins for each role the matrix checks: commune A is `an-binh`, commune B `phu-hoa`. */
export const ROLE_USERS = {
  drafterA: 'mttq.an-binh',
  approverA: 'dangu.an-binh',
  officialB: 'mttq.phu-hoa',
  auditor: 'auditor',
  admin: 'admin',
} as const;
export type RoleKey = keyof typeof ROLE_USERS;
export const ROLE_KEYS = Object.keys(ROLE_USERS) as RoleKey[];

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

export interface RouteSpec {
  method: HttpMethod;
  /** The OpenAPI path template, e.g. `/api/instances/{id}`. */
  template: string;
  /** `METHOD /template`, for messages. */
  label: string;
  pathParams: string[];
  queryParams: OpenApiParameter[];
  /** The JSON body schema's property names, when the route takes a JSON body. */
  jsonBody?: { properties: string[] };
  multipart: boolean;
  isPublic: boolean;
}

export async function fetchOpenApi(http: App): Promise<OpenApiDocument> {
  const res = await request(http).get('/api/docs-json').expect(200);
  return res.body as OpenApiDocument;
}

export function routesOf(doc: OpenApiDocument): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      const label = `${method.toUpperCase()} ${template}`;
      routes.push({
        method,
        template,
        label,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query'),
        ...(jsonSchema ||
        (method !== 'get' && method !== 'delete' && !content['multipart/form-data'])
          ? { jsonBody: { properties: schemaProperties(doc, jsonSchema) } }
          : {}),
        multipart: Boolean(content['multipart/form-data']),
        isPublic: PUBLIC_ROUTES.has(label),
      });
    }
  }
  return routes;
}

function schemaProperties(doc: OpenApiDocument, schema?: Record<string, unknown>): string[] {
  if (!schema) return [];
  const ref = schema.$ref;
  const resolved =
    typeof ref === 'string' ? doc.components?.schemas?.[ref.split('/').pop() ?? ''] : schema;
  const properties = resolved?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

/** Replaces `{name}` in a template with the ids the resolver gives. */
export function fillPath(
  route: RouteSpec,
  resolve: (route: RouteSpec, param: string) => string,
): string {
  // Through UTF-8 and back: a lone surrogate becomes U+FFFD, which encodeURIComponent accepts.
  return route.template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(Buffer.from(resolve(route, name), 'utf8').toString('utf8')),
  );
}

export function call(
  http: App,
  method: HttpMethod,
  path: string,
  token?: string,
  body?: unknown,
): Test {
  const req = request(http)[method](path);
  if (token) req.set('Authorization', `Bearer ${token}`);
  if (body !== undefined) {
    req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  }
  return req;
}

/** A short description of a response, for failure messages. */
export function describeResponse(res: Response): string {
  const text = typeof res.text === 'string' ? res.text.slice(0, 400) : '';
  return `HTTP ${res.status} ${text}`;
}

/** Asserts api.md's error shape and that no stack trace or SQL leaks out. */
export function expectErrorShape(res: Response, what: string): void {
  const body = res.body as Record<string, unknown>;
  const ok =
    body.statusCode === res.status &&
    typeof body.error === 'string' &&
    typeof body.message === 'string';
  if (!ok) throw new Error(`${what}: not api.md's error shape: ${describeResponse(res)}`);
  const text = JSON.stringify(body);
  if (/\bat .*\.(ts|js):\d+|QueryFailedError|syntax error at or near|node_modules/.test(text)) {
    throw new Error(`${what}: the error leaks internals: ${text.slice(0, 400)}`);
  }
}

/** Fails with the request and the answer when the server answered 5xx. */
export function expectNo5xx(res: Response, what: string): void {
  if (res.status >= 500) {
    throw new Error(`${what}: server error ${describeResponse(res)}`);
  }
}

export function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}
