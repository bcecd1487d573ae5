"""The file oracle: what a pcap or pcapng file holds, read without libpcap,
so that the tests count a capture independently of the app they check
(hardening's hostile files, e2e's pool sizing)."""
import pathlib
import struct

import bp

DLT_EN10MB = 1
MAX_SNAPLEN = 262144	# libpcap's limit for Ethernet: a larger caplen is a corrupt record


class Capture:
    def __init__(self, link, caplens, cut):
        self.link = link
        self.caplens = caplens	# complete records, in order
        self.cut = cut		# the file ends inside a record (or at a corrupt one)

    @property
    def count(self):
        return len(self.caplens)

    @property
    def bytes(self):
        return sum(self.caplens)


def read_capture(path):
    """The link type and complete records of a pcap or pcapng file."""
    data = pathlib.Path(path).read_bytes()
    if len(data) >= 4 and data[:4] == b"\x0a\x0d\x0d\x0a":
        return _read_pcapng(data)
    return _read_pcap(data)


def _read_pcap(data):
    magics = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<",
              b"\xa1\xb2\xc3\xd4": ">", b"\xa1\xb2\x3c\x4d": ">"}
    end = magics.get(data[:4])
    if end is None or len(data) < 24:
        raise ValueError("oracle: not a pcap file")
    snaplen, link = struct.unpack_from(end + "II", data, 16)
    if snaplen == 0 or snaplen > MAX_SNAPLEN:
        snaplen = MAX_SNAPLEN	# what libpcap assumes for a nonsense snaplen
    caplens, off = [], 24
    while off < len(data):
        if off + 16 > len(data):
            return Capture(link & 0x0fffffff, caplens, True)
        caplen = struct.unpack_from(end + "I", data, off + 8)[0]
        if caplen > MAX_SNAPLEN or off + 16 + caplen > len(data):
            return Capture(link & 0x0fffffff, caplens, True)
        # libpcap keeps only snaplen bytes of a longer record.
        caplens.append(min(caplen, snaplen))
        off += 16 + caplen
    return Capture(link & 0x0fffffff, caplens, False)


def _read_pcapng(data):
    end, link, caplens, off = "<", None, [], 0
    while off < len(data):
        if off + 12 > len(data):
            return Capture(link, caplens, True)
        if data[off:off + 4] == b"\x0a\x0d\x0d\x0a":
            end = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
        btype, blen = struct.unpack_from(end + "II", data, off)
        if blen < 12 or off + blen > len(data):
            return Capture(link, caplens, True)
        if btype == 1 and link is None:		# interface description
            link = struct.unpack_from(end + "H", data, off + 8)[0]
        elif btype == 6:			# enhanced packet
            caplens.append(struct.unpack_from(end + "I", data, off + 20)[0])
        elif btype in (2, 3):
            raise ValueError("oracle: obsolete or simple packet blocks are not read here")
        off += blen
    return Capture(link, caplens, False)


MBUF_DATA_ROOM = 2048	# RTE_MBUF_DEFAULT_DATAROOM: a longer packet is a chain


def max_segments(names):
    """mbufs the longest packet of these samples takes."""
    longest = max(max(read_capture(bp.sample(n)).caplens) for n in names)
    return -(-longest // MBUF_DATA_ROOM)
