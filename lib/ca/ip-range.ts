// Whether an IP address lies in a CIDR range (named locations' ipRanges), IPv4 and IPv6, without
// node:net (lib/ca imports no module outside itself).

/** The address as a bigint and its width in bits, or null when it is not an IP address. */
export function parseIp(text: string): { value: bigint; bits: 32 | 128 } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { value: v4, bits: 32 };
  const v6 = parseIpv6(text);
  return v6 === null ? null : { value: v6, bits: 128 };
}

export function ipInRange(address: string, cidr: string): boolean {
  const [base, prefixText] = cidr.trim().split("/");
  const ip = parseIp(address.trim());
  const net = parseIp(base ?? "");
  if (!ip || !net || ip.bits !== net.bits) return false;
  const prefix = prefixText === undefined ? net.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > net.bits) return false;
  const shift = BigInt(net.bits - prefix);
  return ip.value >> shift === net.value >> shift;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const group = (s: string) => (s === "" ? [] : s.split(":"));
  let head = group(halves[0] ?? "");
  let tail = halves.length === 2 ? group(halves[1] ?? "") : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  if (last?.includes(".")) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    const groups = [(v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
    if (halves.length === 2) tail = [...tail.slice(0, -1), ...groups];
    else head = [...head.slice(0, -1), ...groups];
  }
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}
