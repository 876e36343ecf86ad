/**
 * The portal's pages, rendered with Eta: every `<%= … %>` is escaped (autoEscape is Eta's default and
 * set here explicitly); raw output (`<%~ … %>`) is used only to place one of these templates inside
 * another. Templates are kept in code (not files) so the build needs nothing copied.
 */
import { Eta } from "eta";

const layout = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.pageTitle %> · Secret Steward</title>
<link rel="stylesheet" href="/portal/assets/portal.css">
<% if (it.script) { %><script src="/portal/assets/copy.js" defer></script><% } %>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header>
<p class="brand"><a href="/portal/">Secret Steward</a></p>
<% if (it.person) { %>
<nav aria-label="Portal">
<ul>
<li><a href="/portal/">My applications</a></li>
<li><a href="/portal/request">Request access</a></li>
<li><a href="/portal/requests">Open requests</a></li>
<li><a href="/portal/audit">Audit log</a></li>
</ul>
</nav>
<form method="post" action="/portal/sign-out" class="signout">
<input type="hidden" name="csrf" value="<%= it.csrf %>">
<span><%= it.person %></span> <button type="submit">Sign out</button>
</form>
<% } %>
</header>
<main id="main" tabindex="-1">
<%~ it.body %>
</main>
</body>
</html>
`;

const segments = `<% for (const s of it.s) { %><% if (s.kind === "strong") { %><strong><%= s.text %></strong><% } else if (s.kind === "code") { %><code><%= s.text %></code><% } else { %><%= s.text %><% } %><% } %>`;

const action = `<% const a = it.action; %><% if (a.kind === "link") { %><a class="button" href="<%= a.href %>"><%= a.label %></a><% } else { %><form method="post" action="/portal/run" class="inline">
<input type="hidden" name="csrf" value="<%= it.csrf %>">
<input type="hidden" name="command" value="<%= a.command %>">
<button type="submit" class="<%= a.style %>"><%= a.label %></button>
</form><% } %>`;

const fields = `<dl><% for (const f of it.f) { %><div><dt><%= f.label %></dt><dd><%~ include("@segments", { s: f.value }) %></dd></div><% } %></dl>`;

const reply = `<% const r = it.reply; %>
<section class="reply <%= r.tone %>" aria-labelledby="result"<% if (r.tone === "error") { %> role="alert"<% } %>>
<h1 id="result"><% if (r.title) { %><%~ include("@segments", { s: r.title }) %><% } else { %><%= it.pageTitle %><% } %></h1>
<% for (const b of r.blocks) { %>
<% if (b.type === "text") { %><p><%~ include("@segments", { s: b.text }) %></p>
<% } else if (b.type === "fields") { %><%~ include("@fields", { f: b.fields }) %>
<% } else if (b.type === "item") { %><div class="item"><p><%~ include("@segments", { s: b.text }) %></p><% if (b.fields.length) { %><%~ include("@fields", { f: b.fields }) %><% } %><% if (b.accessory) { %><%~ include("@action", { action: b.accessory, csrf: it.csrf }) %><% } %></div>
<% } else if (b.type === "actions") { %><div class="actions"><% for (const a of b.actions) { %><%~ include("@action", { action: a, csrf: it.csrf }) %><% } %></div>
<% } else { %><hr><% } %>
<% } %>
<% if (r.confirmation) { %>
<div class="confirm">
<p><%~ include("@segments", { s: r.confirmation.question }) %></p>
<div class="actions"><%~ include("@action", { action: r.confirmation.yes, csrf: it.csrf }) %><%~ include("@action", { action: r.confirmation.no, csrf: it.csrf }) %></div>
</div>
<% } %>
<% if (r.form) { %><%~ include("@form", { form: r.form, csrf: it.csrf, formToken: it.formToken }) %><% } %>
</section>`;

const form = `<% const f = it.form; %>
<form method="post" action="/portal/form" novalidate>
<% if (f.problems > 0) { %><p class="problems" role="alert">Please correct <%= f.problems === 1 ? "the field" : "the fields" %> marked below.</p><% } %>
<input type="hidden" name="csrf" value="<%= it.csrf %>">
<input type="hidden" name="formToken" value="<%= it.formToken %>">
<input type="hidden" name="command" value="<%= f.command %>">
<% for (const h of f.hidden) { %><input type="hidden" name="<%= h.key %>" value="<%= h.value %>">
<% } %>
<% for (const x of f.fields) { %>
<% const described = [x.hint ? x.hintId : "", x.problem ? x.problemId : ""].filter(Boolean).join(" "); %>
<div class="field<%= x.problem ? " invalid" : "" %>">
<label for="<%= x.id %>"><%= x.label %><% if (!x.isRequired) { %> (optional)<% } %></label>
<% if (x.hint) { %><p class="hint" id="<%= x.hintId %>"><%= x.hint %></p><% } %>
<% if (x.problem) { %><p class="problem" id="<%= x.problemId %>"><%= x.problem %></p><% } %>
<% if (x.kind === "multiline") { %><textarea id="<%= x.id %>" name="<%= x.key %>" rows="3"<% if (x.maxLength) { %> maxlength="<%= x.maxLength %>"<% } %><% if (described) { %> aria-describedby="<%= described %>"<% } %><% if (x.problem) { %> aria-invalid="true"<% } %><% if (x.isRequired) { %> required<% } %>><%= x.value ?? "" %></textarea>
<% } else if (x.kind === "choice") { %><select id="<%= x.id %>" name="<%= x.key %>"<% if (described) { %> aria-describedby="<%= described %>"<% } %><% if (x.problem) { %> aria-invalid="true"<% } %><% if (x.isRequired) { %> required<% } %>>
<% if (!x.isRequired || !x.value) { %><option value=""></option><% } %>
<% for (const c of x.choices ?? []) { %><option value="<%= c.value %>"<% if (c.value === x.value) { %> selected<% } %>><%= c.label %></option><% } %>
</select>
<% } else { %><input id="<%= x.id %>" name="<%= x.key %>" type="<%= x.kind === "date" ? "date" : "text" %>" value="<%= x.value ?? "" %>"<% if (x.maxLength) { %> maxlength="<%= x.maxLength %>"<% } %><% if (x.min) { %> min="<%= x.min %>"<% } %><% if (x.max) { %> max="<%= x.max %>"<% } %><% if (described) { %> aria-describedby="<%= described %>"<% } %><% if (x.problem) { %> aria-invalid="true"<% } %><% if (x.isRequired) { %> required<% } %>>
<% } %>
</div>
<% } %>
<button type="submit" class="primary"><%= f.submitLabel %></button>
</form>`;

const secret = `<section class="secret" aria-labelledby="secret-heading">
<h2 id="secret-heading">Your new client secret</h2>
<p>Copy it now: it is shown only this once. Reloading this page or going back does not show it again.</p>
<p><label for="secret-value">Secret value (hint <%= it.hint %>)</label></p>
<p class="value"><input id="secret-value" type="text" readonly value="<%= it.value %>" autocomplete="off" spellcheck="false"></p>
<p><button type="button" id="copy" data-copy="secret-value" hidden>Copy to clipboard</button> <span id="copied" role="status"></span></p>
</section>`;

const signIn = `<h1 id="result">Sign in</h1>
<% if (it.notice) { %><p class="notice <%= it.notice.tone %>"<% if (it.notice.tone === "error") { %> role="alert"<% } %>><%= it.notice.text %></p><% } %>
<p>The portal is for credential managers at partner organisations: the same things the chat commands do, on a web page.</p>
<form method="post" action="/portal/sign-in">
<input type="hidden" name="csrf" value="<%= it.csrf %>">
<div class="field">
<label for="email">Your e-mail address</label>
<p class="hint" id="email-hint">We send a sign-in link there if we know the address. It works once, for 15 minutes, in this browser.</p>
<input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-hint">
</div>
<button type="submit" class="primary">E-mail me a sign-in link</button>
</form>
<% if (it.oidc) { %>
<h2>Or</h2>
<form method="post" action="/portal/auth/start">
<input type="hidden" name="csrf" value="<%= it.csrf %>">
<button type="submit">Sign in with your organisation's account</button>
</form>
<% } %>`;

const message = `<h1 id="result"><%= it.heading %></h1>
<% for (const p of it.paragraphs) { %><p><%= p %></p><% } %>
<p><a href="<%= it.next.href %>"><%= it.next.label %></a></p>`;

export const eta = new Eta({ autoEscape: true, autoTrim: false, useWith: false, cache: true });
eta.loadTemplate("@layout", layout);
eta.loadTemplate("@segments", segments);
eta.loadTemplate("@action", action);
eta.loadTemplate("@fields", fields);
eta.loadTemplate("@reply", reply);
eta.loadTemplate("@form", form);
eta.loadTemplate("@secret", secret);
eta.loadTemplate("@signIn", signIn);
eta.loadTemplate("@reveal", `<%~ include("@secret", it.secret) %>\n<%~ include("@reply", it) %>`);
eta.loadTemplate("@message", message);

export type PageFrame = { pageTitle: string; person: string | null; csrf: string; script?: boolean };

/** A whole page: the named template's body inside the layout. */
export function page(name: string, frame: PageFrame, data: Record<string, unknown>): string {
  const body = eta.render(name, { ...frame, ...data });
  return eta.render("@layout", { ...frame, body });
}
