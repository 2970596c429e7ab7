/**
 * Where a webhook may point (issue 11, item 16): not at this machine or the internal network (SSRF), unless
 * WEBHOOK_ALLOW_PRIVATE=true (a robot on the district's own network). Checked when a channel is saved (a clear
 * 400) and again at every delivery on the address actually connected to: the check runs inside the socket's
 * DNS lookup, so a name that resolved to a public address at save time and to 127.0.0.1 now (DNS rebinding)
 * is refused, and there is no gap between checking and connecting.
 *
 * @example
 * await assertWebhookTarget('https://oapi.dingtalk.com/robot/send?access_token=…', { allowPrivate: false });
 * const lookup = guardedLookup({ allowPrivate: false }); // for http(s).request({ lookup })
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { validationFailed } from '../../platform/errors.ts';

// IANA special-purpose ranges no outbound notification should reach without an explicit opt-in.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Whether `address` (an IP literal) is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    // an IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

export interface WebhookTargetOptions {
  /** WEBHOOK_ALLOW_PRIVATE */
  allowPrivate: boolean;
}

const refusal = (address: string) =>
  `points at a loopback or private address (${address}); an administrator of the server may allow it with WEBHOOK_ALLOW_PRIVATE=true`;

/** A DNS lookup for http(s).request that refuses private addresses (the check at connection time). */
export function guardedLookup(options: WebhookTargetOptions) {
  return (
    hostname: string,
    lookupOptions: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const bad = options.allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(Object.assign(new Error(`webhook ${refusal(bad.address)}`), { code: 'EPRIVATEADDRESS' }), '');
      if (lookupOptions.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Refuses (400 on `config.url`) a webhook URL that is not http(s) or resolves to a private address. */
export async function assertWebhookTarget(url: string, options: WebhookTargetOptions): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validationFailed([{ path: 'config.url', message: 'must be a valid http:// or https:// URL' }]);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw validationFailed([{ path: 'config.url', message: 'must be a valid http:// or https:// URL' }]);
  }
  if (options.allowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (
        await new Promise<LookupAddress[]>((resolve, reject) =>
          dnsLookup(host, { all: true }, (err, list) => (err ? reject(err) : resolve(list))),
        )
      ).map((a) => a.address);
    } catch {
      // not resolvable now (an offline install): the delivery-time check still guards every connection
      return;
    }
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw validationFailed([{ path: 'config.url', message: refusal(bad) }]);
}
