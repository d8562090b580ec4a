// The one way the app talks HTTP to the server. The UI is served by the same
// process as the API, so relative URLs work in production and through the
// vite dev proxy alike.

export const API = "/api/v1";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly status: number,
    /** The server has no such route: an older build without this endpoint, not a missing message. */
    readonly missingRoute: boolean,
  ) {
    super(message);
  }
}

/** True when the error means "this server does not offer that endpoint yet". */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiError && err.missingRoute;
}

async function failure(method: string, path: string, res: Response): Promise<ApiError> {
  const body = await res.text().catch(() => "");
  // Fastify answers unknown routes with a JSON body naming the route; a known
  // route answers a missing record with a short text such as "message not found".
  const missingRoute = (res.status === 404 || res.status === 405) && /"Route [A-Z]+:/.test(body);
  const detail = body.length > 0 && body.length < 300 && !body.startsWith("{") ? `: ${body}` : "";
  return new ApiError(`${method} ${path}: HTTP ${res.status}${detail}`, res.status, missingRoute);
}

function init(method: string, signal: AbortSignal | undefined, body?: unknown): RequestInit {
  const req: RequestInit = { method, headers: { Accept: "application/json" } };
  if (signal !== undefined) req.signal = signal;
  if (body !== undefined) {
    req.headers = { Accept: "application/json", "Content-Type": "application/json" };
    req.body = JSON.stringify(body);
  }
  return req;
}

export async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(path, init("GET", signal));
  if (!res.ok) throw await failure("GET", path, res);
  return (await res.json()) as unknown;
}

export async function getText(path: string, signal?: AbortSignal): Promise<string> {
  const res = await fetch(path, init("GET", signal));
  if (!res.ok) throw await failure("GET", path, res);
  return res.text();
}

/** PUT, POST or DELETE with an optional JSON body; Mailpit answers these with a plain "ok". */
export async function send(method: "PUT" | "POST" | "DELETE", path: string, body?: unknown): Promise<string> {
  const res = await fetch(path, init(method, undefined, body));
  if (!res.ok) throw await failure(method, path, res);
  return res.text();
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
