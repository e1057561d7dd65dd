/**
 * What a failed Kinesis call means for the shipper. Errors without an HTTP answer are classified
 * too (missing credentials, DNS, refused connections), never retried blindly: retrying cannot fix
 * credentials, permissions or configuration, so those stop the shipper with a cause and a fix.
 */
import { rx } from '../shared/safe-regex.js';

export type CallErrorKind = 'credentials' | 'permission' | 'configuration' | 'network' | 'transient';

export interface CallProblem {
  kind: CallErrorKind;
  /** network and transient: the same call may succeed later. */
  retryable: boolean;
  /** One line: what went wrong. */
  cause: string;
  /** One line: what to do about it. */
  fix: string;
}

/** What the messages name. */
export interface KinesisWhere {
  stream: string;
  region: string;
  /** A custom endpoint, when one is set. */
  endpoint?: string;
}

const NO_CREDENTIALS = rx(/could not load credentials/i);
const CLIENT_CONFIG = rx(/invalid region|region is missing|endpoint/i);
const HANG_UP = rx(/socket hang up/i);

const CREDENTIALS = new Set([
  'CredentialsProviderError', 'TokenProviderError', 'UnrecognizedClientException', 'InvalidSignatureException',
  'IncompleteSignature', 'IncompleteSignatureException', 'MissingAuthenticationToken', 'MissingAuthenticationTokenException',
  'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'RequestExpired',
]);
const PERMISSION = new Set(['AccessDeniedException', 'AccessDenied', 'KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException', 'KMSOptInRequired']);
const TRANSIENT = new Set(['ProvisionedThroughputExceededException', 'LimitExceededException', 'KMSThrottlingException', 'InternalFailureException', 'InternalFailure', 'ServiceUnavailableException', 'ServiceUnavailable', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
/** Node's codes for "no answer": the network or the far end, not the request. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ENOTFOUND', 'EAI_FAIL', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  errno?: string | number;
  hostname?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

export function classifyKinesisError(err: unknown, where: KinesisWhere): CallProblem {
  const e = (err ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const said = `${name}: ${firstLine(e.message)}`;
  const status = e.$metadata?.httpStatusCode;
  const code = networkCode(e);
  const endpoint = where.endpoint ?? `https://kinesis.${where.region}.amazonaws.com`;

  if (CREDENTIALS.has(name) || NO_CREDENTIALS.test(e.message ?? '')) {
    const none = name === 'CredentialsProviderError' || name === 'TokenProviderError';
    return {
      kind: 'credentials',
      retryable: false,
      cause: none ? `no AWS credentials found (${said})` : `AWS rejected the credentials (${said})`,
      fix: 'give the host an IAM role (EC2 instance profile; on Kubernetes, IAM roles for service accounts) or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for the shipper',
    };
  }
  if (PERMISSION.has(name) || status === 403) {
    return {
      kind: 'permission',
      retryable: false,
      cause: `the credentials may not write to stream ${where.stream} in ${where.region} (${said})`,
      fix: `allow kinesis:PutRecords on arn:aws:kinesis:${where.region}:ACCOUNT:stream/${where.stream} (and kms:GenerateDataKey for a customer-managed key) in the shipper's IAM policy`,
    };
  }
  if (name === 'ResourceNotFoundException') {
    return {
      kind: 'configuration',
      retryable: false,
      cause: `there is no stream ${where.stream} in ${where.region} (${said})`,
      fix: `check --stream and --region (aws kinesis list-streams --region ${where.region})`,
    };
  }
  if (e.$retryable || TRANSIENT.has(name) || name.includes('Throttl') || (status !== undefined && (status >= 500 || status === 429))) {
    return { kind: 'transient', retryable: true, cause: `Kinesis is busy or failing (${said})`, fix: 'nothing: retried with backoff' };
  }
  if (code !== undefined) {
    const host = e.hostname ?? hostOf(endpoint);
    if (code === 'ENOTFOUND' || code === 'EAI_FAIL') {
      return {
        kind: 'network',
        retryable: true,
        cause: `cannot resolve ${host} (${code})`,
        fix: where.endpoint !== undefined ? 'check --endpoint (or AWS_ENDPOINT_URL_KINESIS) and DNS' : `check --region (${where.region}) and the host's DNS`,
      };
    }
    return { kind: 'network', retryable: true, cause: `cannot reach ${endpoint} (${code}${e.message && !e.message.includes(code) ? `: ${firstLine(e.message)}` : ''})`, fix: 'check the network, proxy and firewall to that endpoint' };
  }
  if (CLIENT_CONFIG.test(e.message ?? '') && status === undefined) {
    return { kind: 'configuration', retryable: false, cause: `the client configuration is invalid (${said})`, fix: 'check --region and --endpoint (or AWS_REGION and AWS_ENDPOINT_URL_KINESIS)' };
  }
  // A 4xx answer (validation, bad argument) or an error the SDK raised before sending: the same
  // call fails the same way again.
  return { kind: 'configuration', retryable: false, cause: `Kinesis refused the call (${said}${status !== undefined ? `, HTTP ${status}` : ''})`, fix: 'check --stream, --region and --endpoint; `logsift ship --check` tests them' };
}

/** The Node network error code of an error or of the error it wraps. */
function networkCode(e: SdkError): string | undefined {
  for (let cur: SdkError | undefined = e, depth = 0; cur && depth < 4; cur = cur.cause as SdkError | undefined, depth++) {
    const c = typeof cur.code === 'string' ? cur.code : typeof cur.errno === 'string' ? cur.errno : undefined;
    if (c !== undefined && NETWORK_CODES.has(c)) return c;
  }
  if (HANG_UP.test(e.message ?? '')) return 'ECONNRESET';
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0].trim().slice(0, 300);
}

/** The one line the shipper prints when it stops for good. */
export function problemLine(p: CallProblem): string {
  return `${p.cause}. Fix: ${p.fix}`;
}
