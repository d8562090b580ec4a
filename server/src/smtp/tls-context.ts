// The TLS context for STARTTLS and implicit TLS: the user's certificate, or
// a self-signed one made at start so STARTTLS always works out of the box.

import { readFile } from "node:fs/promises";
import { createSecureContext, type SecureContext } from "node:tls";
import { generate } from "selfsigned";

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsMaterial {
  context: SecureContext;
  cert: string;
  key: string;
  selfSigned: boolean;
}

// Key generation takes a noticeable moment; one self-signed pair per host name serves the whole process.
const generated = new Map<string, Promise<TlsMaterial>>();

export async function loadTls(files: TlsFiles | null, hostname: string): Promise<TlsMaterial> {
  if (files === null) {
    const cached = generated.get(hostname) ?? selfSigned(hostname);
    generated.set(hostname, cached);
    return cached;
  }
  const [cert, key] = await Promise.all([readFile(files.certFile, "utf8"), readFile(files.keyFile, "utf8")]);
  return { context: createSecureContext({ cert, key }), cert, key, selfSigned: false };
}

async function selfSigned(hostname: string): Promise<TlsMaterial> {
  const pems = await generate([{ name: "commonName", value: hostname }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: hostname }, { type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] }],
  });
  return { context: createSecureContext({ cert: pems.cert, key: pems.private }), cert: pems.cert, key: pems.private, selfSigned: true };
}
