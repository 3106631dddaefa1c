/** What an AWS SigV4 signature tells without being verified: who, where, which service. */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const AUTHORIZATION_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads the scope from the `Authorization` header or a presigned URL's `X-Amz-Credential`. */
export function parseCredentialScope(
  authorization: string | undefined,
  presignedCredential?: string | null,
): CredentialScope | undefined {
  const source = authorization ?? (presignedCredential ? `Credential=${presignedCredential}` : undefined);
  if (!source) return undefined;
  const match = AUTHORIZATION_SCOPE.exec(source);
  if (!match) return undefined;
  return { accessKeyId: match[1]!, region: match[2]!, service: match[3]! };
}

/** LocalStack's convention: a 12-digit access key id names the account; anything else is the default one. */
export function accountIdForAccessKey(accessKeyId: string | undefined, defaultAccountId: string): string {
  return accessKeyId && /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccountId;
}
