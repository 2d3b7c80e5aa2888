// A minimal "browser" for tests: a cookie jar, manual redirects, and a reader for the forms on the
// sign-in page. Free of path aliases so the child-process test can import it too.

export interface PageForm {
  action: string | undefined;
  label: string | undefined;
  fields: Array<[string, string]>;
  buttons: Array<{ name: string | undefined; value: string | undefined; text: string }>;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);

function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) {
    if (m[1]) out.set(m[1].toLowerCase(), decode(m[2] ?? ""));
  }
  return out;
}

export function readForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const formAttrs = attrs(m[1] ?? "");
    const inner = m[2] ?? "";
    const fields: Array<[string, string]> = [];
    for (const input of inner.matchAll(/<input\b([^>]*)>/g)) {
      const a = attrs(input[1] ?? "");
      const name = a.get("name");
      if (name) fields.push([name, a.get("value") ?? ""]);
    }
    const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map((b) => {
      const a = attrs(b[1] ?? "");
      return {
        name: a.get("name"),
        value: a.get("value"),
        text: decode(
          (b[2] ?? "")
            .replace(/<[^>]+>/g, " ")
            .replace(/\s+/g, " ")
            .trim(),
        ),
      };
    });
    forms.push({ action: formAttrs.get("action"), label: formAttrs.get("aria-label"), fields, buttons });
  }
  return forms;
}

export interface BrowserResponse {
  status: number;
  location: string | undefined;
  text: string;
  headers: Headers;
  url: string;
}

/** Plain-HTTP only: the sign-in pages live on the emulator's browser listener. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<BrowserResponse> {
    return this.send(url, { method: "GET" });
  }

  async post(url: string, fields: Array<[string, string]>): Promise<BrowserResponse> {
    return this.send(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Submits a form of the page at `pageUrl` with the given extra fields (e.g. a clicked button). */
  async submit(pageUrl: string, form: PageForm, extra: Array<[string, string]>): Promise<BrowserResponse> {
    const target = new URL(form.action ?? "", pageUrl);
    if (!form.action) target.search = "";
    return this.post(target.toString(), [...form.fields.filter(([k]) => !extra.some(([e]) => e === k)), ...extra]);
  }

  private async send(url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<BrowserResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
    const res = await fetch(url, { ...init, headers: { ...init.headers, ...(cookie ? { cookie } : {}) }, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1).trim());
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get("location") ?? undefined, text: await res.text(), headers: res.headers, url };
  }
}
