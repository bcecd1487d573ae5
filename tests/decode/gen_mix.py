#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write a seeded mix of frames to a pcap for the decoder benchmark.

Stand-in for pcap-samples/mix.pcap while that generator is being written:
VLAN/QinQ, IPv4 with options and fragments, IPv6 with extension headers,
TCP/UDP/ICMP/ICMPv6, ARP, a few jumbo frames and about 10% malformed frames.

usage: gen_mix.py OUT.pcap [COUNT] [SEED]
"""
import random
import struct
import sys

MAC = bytes.fromhex("020000000001020000000002")


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp(payload=b"", doff=5):
    opts = b"\x01" * ((doff - 5) * 4) if doff > 5 else b""
    return struct.pack("!HHIIBBHHH", 1234, 80, 1, 0, doff << 4, 0x18,
                       8192, 0, 0) + opts + payload


def udp(payload=b"", length=None):
    if length is None:
        length = 8 + len(payload)
    return struct.pack("!HHHH", 5353, 53, length, 0) + payload


def icmp(payload=b"abcd"):
    return struct.pack("!BBHHH", 8, 0, 0, 1, 1) + payload


def ipv4(proto, l4, ihl=5, frag=0, tlen=None, version=4, bad_sum=False):
    opts = b"\x01" * ((ihl - 5) * 4) if ihl > 5 else b""
    if tlen is None:
        tlen = ihl * 4 + len(l4) if ihl >= 5 else 20 + len(l4)
    hdr = struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, 0, tlen, 7,
                      frag, 64, proto, 0, bytes([10, 0, 0, 1]),
                      bytes([10, 0, 0, 2])) + opts
    s = csum(hdr) ^ (0x5555 if bad_sum else 0)
    return hdr[:10] + struct.pack("!H", s) + hdr[12:] + l4


def ipv6(nh, payload, plen=None, version=6):
    if plen is None:
        plen = len(payload)
    return struct.pack("!IHBB16s16s", version << 28, plen, nh, 64,
                       b"\xfe\x80" + b"\0" * 13 + b"\x01",
                       b"\xfe\x80" + b"\0" * 13 + b"\x02") + payload


def ext(nh, units=0):
    return bytes([nh, units]) + b"\x01" * (6 + 8 * units)


def frag6(nh, offset, mf):
    return struct.pack("!BBHI", nh, 0, (offset << 3) | mf, 99)


def arp():
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC[:6],
                       bytes([10, 0, 0, 1]), b"\0" * 6, bytes([10, 0, 0, 2]))


def eth(etype, payload, tags=()):
    hdr = MAC
    for tpid in tags:
        hdr += struct.pack("!HH", tpid, 100)
    frame = hdr + struct.pack("!H", etype) + payload
    return frame + b"\0" * max(0, 60 - len(frame))  # pad like a NIC


def good(r):
    """One valid frame."""
    tags = r.choice([(), (), (), (0x8100,), (0x88A8, 0x8100)])
    k = r.randrange(16)
    body = bytes(r.randrange(0, 400))
    if k < 4:
        return eth(0x0800, ipv4(6, tcp(body)), tags)
    if k < 6:
        return eth(0x0800, ipv4(17, udp(body)), tags)
    if k == 6:
        return eth(0x0800, ipv4(1, icmp()), tags)
    if k == 7:
        return eth(0x0800, ipv4(6, tcp(body, 8), ihl=r.choice([6, 8, 15])),
                   tags)
    if k == 8:
        first = r.random() < 0.5
        l4 = udp(bytes(64), length=1000) if first else bytes(64)
        return eth(0x0800, ipv4(17, l4, frag=0x2000 if first else 0x20),
                   tags)
    if k < 11:
        return eth(0x86DD, ipv6(6, tcp(body)), tags)
    if k == 11:
        return eth(0x86DD, ipv6(17, udp(body)), tags)
    if k == 12:
        return eth(0x86DD, ipv6(58, icmp()), tags)
    if k == 13:
        return eth(0x86DD, ipv6(0, ext(60, 1) + ext(6) + tcp(body)), tags)
    if k == 14:
        return eth(0x86DD, ipv6(44, frag6(17, r.choice([0, 10]), 1) +
                                udp(bytes(64), length=900)), tags)
    return eth(0x0806, arp(), tags)


def bad(r):
    """One frame malformed at some layer."""
    k = r.randrange(10)
    if k == 0:
        return MAC[:r.randrange(1, 14)]
    if k == 1:
        return eth(0x0800, ipv4(6, tcp(b"x" * 40), ihl=4))
    if k == 2:
        return eth(0x0800, ipv4(6, tcp(), tlen=1400))[:200]
    if k == 3:
        return eth(0x0800, ipv4(6, tcp(doff=3)))
    if k == 4:
        return eth(0x0800, ipv4(17, udp(bytes(20), length=300)))
    if k == 5:
        return eth(0x86DD, ipv6(6, tcp(), plen=900))
    if k == 6:
        return eth(0x86DD, ipv6(0, ext(6, 8)[:16], plen=16))
    if k == 7:
        return eth(0x0800, ipv4(6, tcp(), version=6))
    if k == 8:
        return (MAC + struct.pack("!HH", 0x8100, 1))[:r.randrange(15, 18)]
    return eth(0x0800, ipv4(6, tcp(bytes(10)), bad_sum=True))


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(count):
            if r.random() < 0.01:
                frame = eth(0x0800, ipv4(6, tcp(bytes(r.randrange(3000,
                                                                  9000)))))
            elif r.random() < 0.1:
                frame = bad(r)
            else:
                frame = good(r)
            f.write(struct.pack("<IIII", i // 1000, i % 1000 * 1000,
                                len(frame), len(frame)) + frame)


if __name__ == "__main__":
    main()
