// A real OpenID Connect provider for the SSO tests (the npm package oidc-provider),
// on 127.0.0.1 and a free port. Its clients and accounts come from the PROVIDER_CONFIG
// environment variable (JSON: {clients: [...], accounts: {id: claims}}); it prints
// {"issuer": ...} on its first line once it listens.
//
// The sign-in page is a plain form (an account id, no password: the tests choose who
// signs in); consent is granted with the sign-in, as an organisation's own app would.
import http from "node:http";
import Provider from "oidc-provider";

const config = JSON.parse(process.env.PROVIDER_CONFIG);

function page(res, status, body) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><title>Test identity provider</title></head>` +
          `<body><main>${body}</main></body></html>`);
}

function readForm(req) {
  return new Promise((resolve) => {
    let data = "";
    req.on("data", (chunk) => { data += chunk; });
    req.on("end", () => resolve(Object.fromEntries(new URLSearchParams(data))));
  });
}

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "employee_id"],
    },
    findAccount: async (ctx, id) => {
      const claims = config.accounts[id];
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["sso-tests-only"] },
    pkce: { required: () => false },
  });
  const handle = provider.callback();

  server.on("request", async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "GET") {
        return page(res, 200, `<h1>Sign in</h1><form method="post" action="/interaction/${match[1]}/login">` +
          `<label for="account">Account</label> <input id="account" name="account">` +
          `<button type="submit">Sign in</button></form>`);
      }
      const form = await readForm(req);
      if (!config.accounts[form.account]) return page(res, 400, "<h1>Unknown account</h1>");
      const grant = new provider.Grant({ accountId: form.account, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, {
        login: { accountId: form.account }, consent: { grantId },
      }, { mergeWithLastSubmission: false });
    } catch (error) {
      page(res, 400, `<h1>Error</h1><p>${String(error.message).replace(/[<>&]/g, "")}</p>`);
    }
  });
  process.stdout.write(JSON.stringify({ issuer }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
