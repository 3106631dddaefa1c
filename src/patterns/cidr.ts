/** The `cidr` operator (IPv4 and IPv6), validated with AWS's reasons. */
import ipaddr from 'ipaddr.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.ts';

export type CidrMatcher = (value: string) => boolean;

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

export function compileCidr(cidr: string): CidrMatcher {
  const slashed = cidr.split('/');
  if (slashed.length !== 2) throw new InvalidEventPatternError("Malformed CIDR, one '/' required");
  const [addressText, maskText] = slashed as [string, string];
  if (!/^-?\d+$/.test(maskText)) throw new InvalidEventPatternError('Malformed CIDR, mask bits must be an integer');
  const maskBits = Number(maskText);
  if (maskBits < 0) throw new InvalidEventPatternError('Malformed CIDR, mask bits must not be negative');
  const network = parseAddress(addressText);
  if (!network) throw new InvalidEventPatternError(`Nonstandard IP address: ${addressText}`);
  if (network.kind() === 'ipv4' && maskBits > 31) throw new InvalidEventPatternError('IPv4 mask bits must be < 32');
  if (network.kind() === 'ipv6' && maskBits > 127) throw new InvalidEventPatternError('IPv6 mask bits must be < 128');
  return (value) => {
    const address = parseAddress(value);
    if (!address || address.kind() !== network.kind()) return false;
    return address.match(network, maskBits);
  };
}
