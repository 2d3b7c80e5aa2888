// The local cloud speaks HTTPS on loopback, like login.microsoftonline.com and graph.microsoft.com:
// msal-node refuses http authorities and graph-client only authenticates https hosts. We mint a
// throw-away CA once per cert dir and a server certificate for localhost/127.0.0.1 signed by it;
// the portal trusts the CA through NODE_EXTRA_CA_CERTS, so only base URLs differ from production.
import "./reflect-metadata-shim"; // before @peculiar/x509: its tsyringe needs the Reflect metadata API
import { webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as x509 from "@peculiar/x509";

// Node's WebCrypto under the DOM's types, which @peculiar/x509 takes (Node 24's own types name more
// key usages than TypeScript's DOM library, e.g. ML-KEM's "encapsulateBits").
const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 24 * 60 * 60 * 1000;

export interface TlsMaterial {
  caPath: string;
  cert: string;
  key: string;
  ca: string;
}

function pemKey(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

async function mint(): Promise<{ ca: string; cert: string; key: string }> {
  const caKeys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=MSP CA Portal local cloud CA (demo only)",
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 825 * DAY),
    keys: caKeys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const serverKeys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const serverCert = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject: "CN=localhost",
    issuer: caCert.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 397 * DAY),
    signingKey: caKeys.privateKey,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
      ]),
    ],
  });
  const key = pemKey(await crypto.subtle.exportKey("pkcs8", serverKeys.privateKey));
  return { ca: caCert.toString("pem") + "\n", cert: serverCert.toString("pem") + "\n", key };
}

/** Loads the CA and server certificate from `dir`, minting them on first use (or when expired). */
export async function loadOrCreateTls(dir: string): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true });
  const paths = { ca: join(dir, "ca.pem"), cert: join(dir, "server.pem"), key: join(dir, "server-key.pem") };
  let fresh = !existsSync(paths.ca) || !existsSync(paths.cert) || !existsSync(paths.key);
  if (!fresh) {
    const cert = new x509.X509Certificate(readFileSync(paths.cert, "utf8"));
    fresh = cert.notAfter.getTime() - Date.now() < 7 * DAY;
  }
  if (fresh) {
    const m = await mint();
    writeFileSync(paths.ca, m.ca);
    writeFileSync(paths.cert, m.cert + m.ca);
    writeFileSync(paths.key, m.key, { mode: 0o600 });
  }
  return {
    caPath: paths.ca,
    ca: readFileSync(paths.ca, "utf8"),
    cert: readFileSync(paths.cert, "utf8"),
    key: readFileSync(paths.key, "utf8"),
  };
}
