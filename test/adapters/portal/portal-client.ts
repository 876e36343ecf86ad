/**
 * A browser's part in portal tests, over real HTTP: one cookie jar, the Origin a browser sends with a
 * form post, redirects followed by hand (so each answer can be checked), and the hidden fields of the
 * forms on a page read back from its HTML.
 */
export type Page = { status: number; headers: Headers; html: string; url: string };

export class PortalClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly origin: string | null = base,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/Max-Age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, body?: Record<string, string>, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), ...extra };
    if (body) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      if (this.origin !== null && !("origin" in extra)) headers.origin = this.origin;
    }
    const url = path.startsWith("http") ? path : `${this.base}${path}`;
    const res = await fetch(url, {
      method,
      headers,
      redirect: "manual",
      ...(body ? { body: new URLSearchParams(body).toString() } : {}),
    });
    this.keep(res.headers);
    return { status: res.status, headers: res.headers, html: await res.text(), url };
  }

  get(path: string, extra: Record<string, string> = {}): Promise<Page> {
    return this.request("GET", path, undefined, extra);
  }

  post(path: string, body: Record<string, string>, extra: Record<string, string> = {}): Promise<Page> {
    return this.request("POST", path, body, extra);
  }

  /** Follows redirects from an answer, by GET, as a browser does after 303. */
  async follow(page: Page): Promise<Page> {
    let current = page;
    for (let i = 0; i < 5 && current.status >= 300 && current.status < 400; i++) {
      const location = current.headers.get("location") ?? "/portal/";
      current = await this.get(location.replace(/#.*$/, ""));
    }
    return current;
  }
}

/** The value of the first `<input name="…" value="…">` on a page. */
export function inputValue(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no input ${name} on the page`);
  return match[1]
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

/** The hidden `command` of the posted button labelled `label`. */
export function buttonCommand(html: string, label: string): string {
  const forms = html.split("<form").slice(1);
  const form = forms.find((f) => f.includes(`>${label}</button>`));
  if (!form) throw new Error(`no button ${label} on the page`);
  return inputValue(form, "command");
}

/** The sign-in link in printed or received mail. */
export function linkIn(text: string): string {
  const match = /(https?:\/\/\S+\/portal\/sign-in\/link\?token=[\w-]+)/.exec(text);
  if (!match?.[1]) throw new Error("no sign-in link in the mail");
  return match[1];
}
