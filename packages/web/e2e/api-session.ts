/**
 * A minimal API client for test preparation in Node: keeps the session and CSRF cookies and sends the
 * double-submit header, as the browser app does.
 */
export class ApiSession {
  private cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (method !== 'GET' && !this.cookies.has('oc_csrf')) await this.request('GET', '/api/health');
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
    if (method !== 'GET') {
      headers['x-csrf-token'] = decodeURIComponent(this.cookies.get('oc_csrf') ?? '');
      headers['content-type'] = 'application/json';
      headers.origin = this.baseUrl;
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.remember(response);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.request('POST', '/api/auth/login', { username, password });
  }
}
