// The interfaces the engine calls. app.ts passes in implementations (the
// store is both the sink and the observer); the engine imports none of them.

import type { CloseReason, TranscriptEntry, TranscriptSpan } from "@mailscope/shared";
import type { SecureContext } from "node:tls";
import type { EsmtpParams } from "./parse-command.js";
import type { Reply } from "./replies.js";

export interface SessionOpenInfo {
  id: string;
  startedAt: Date;
  clientAddress: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
}

export interface TlsInfo {
  protocol: string;
  cipher: string;
}

export interface SessionPatch {
  helo?: string;
  tls?: TlsInfo;
  authUser?: string;
  /** The latest refusal or failure in the session, for lists that mark failed sessions. */
  error?: string;
}

export interface SessionCloseInfo {
  endedAt: Date;
  reason: CloseReason;
  /** Why the session failed; empty when nothing went wrong. */
  error: string;
}

/** Receives the transcript as it happens, so it can be stored and streamed live. */
export interface SessionObserver {
  opened(info: SessionOpenInfo): void;
  entry(sessionId: string, entry: TranscriptEntry): void;
  updated(sessionId: string, patch: SessionPatch): void;
  closed(sessionId: string, info: SessionCloseInfo): void;
}

export interface EnvelopeAddress {
  address: string;
  params: EsmtpParams;
}

export interface Envelope {
  mailFrom: EnvelopeAddress;
  rcptTo: EnvelopeAddress[];
  helo: string;
  authUser: string;
  tls: boolean;
  clientAddress: string;
}

export interface IncomingMessage {
  sessionId: string;
  envelope: Envelope;
  /** The message exactly as received, after dot removal. */
  raw: Buffer;
  receivedAt: Date;
  /** MAIL to the reply after the data, in this session's transcript. */
  span: TranscriptSpan;
}

/** Keeps a delivered message and returns its ID; throwing refuses it (451, or the SmtpError's reply). */
export interface MessageSink {
  deliver(message: IncomingMessage): string | Promise<string>;
}

export type Credentials =
  | { mechanism: "PLAIN" | "LOGIN"; user: string; password: string }
  | { mechanism: "CRAM-MD5"; user: string; challenge: string; digest: string };

export interface AuthPolicy {
  /** MAIL before a successful AUTH gets 530. */
  required: boolean;
  check(credentials: Credentials): boolean;
}

export interface EngineOptions {
  /** Our name in the greeting and EHLO reply. */
  hostname: string;
  maxMessageSize: number;
  maxRecipients: number;
  /** Longest command line accepted, in bytes without CRLF; longer ones get 500. */
  maxLineLength: number;
  /** Error replies before the session is closed with 421. */
  maxErrors: number;
  idleTimeoutMs: number;
  /** A gap longer than this between steps is noted in the transcript. */
  slowStepMs: number;
  showSecrets: boolean;
  /** MAIL before STARTTLS gets 530. */
  requireTls: boolean;
  /** For STARTTLS; null when TLS is not available. */
  tls: SecureContext | null;
  auth: AuthPolicy;
  /** Scripted faults; null for none. */
  faults: FaultPolicy | null;
}

/** Where the engine asks the fault policy: the greeting, then each command that would succeed. */
export type FaultStage = "connect" | "helo" | "auth" | "mail" | "rcpt" | "data" | "data-end";

/** Plain facts about the step, so rules need nothing of the engine. */
export interface FaultFacts {
  stage: FaultStage;
  clientAddress: string;
  /** The HELO/EHLO name; at helo, the one being given. */
  helo: string;
  /** MAIL: the sender; RCPT: the recipient; "" elsewhere. */
  address: string;
  /** AUTH: the user authenticating; later: the authenticated user; "" for none. */
  authUser: string;
  /** data-end: the message size in bytes; 0 elsewhere. */
  size: number;
  /** data-end: a header's first value, decoded and unfolded; undefined when absent or before data-end. */
  header(name: string): string | undefined;
}

/** What a fired rule does. A reply under 400 lets the step succeed with that reply instead of ours. */
export type FaultAction =
  | { kind: "reply"; reply: Reply }
  | { kind: "drop" }
  | { kind: "delay"; ms: number; then: { kind: "reply"; reply: Reply } | { kind: "drop" } | null };

export interface FaultDecision {
  /** Names the rule in the transcript. */
  rule: string;
  action: FaultAction;
}

export interface FaultPolicy {
  /** False while no rule can fire: the engine then skips the policy and builds no facts. */
  readonly active: boolean;
  decide(facts: FaultFacts): FaultDecision | null;
}
