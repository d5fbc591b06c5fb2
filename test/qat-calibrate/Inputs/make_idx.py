"""Writes the IDX files of idx.test into DIR (argv[1]): two images of 8 bytes
(the input of Inputs/tiny.mlir) plain, gzip'ed, as two gzip members and
behind a gzip bomb; headers beyond the size limit; corrupt gzip data."""
import gzip
import os
import struct
import sys
import zlib

d = sys.argv[1]
os.makedirs(d, exist_ok=True)


def write(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def header(*dims):
    return b"\0\0\x08" + bytes([len(dims)]) + struct.pack(">%dI" % len(dims), *dims)


images = bytes([0, 10, 20, 30, 40, 50, 60, 70, 255, 0, 0, 0, 0, 0, 0, 128])
good = header(2, 8) + images
write("x.idx", good)
write("x.idx.gz", gzip.compress(good, mtime=0))
write("members.idx.gz", gzip.compress(good[:20], mtime=0) + gzip.compress(good[20:], mtime=0))


def compress_zeros(prefix, megabytes):
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + 15)
    out = z.compress(prefix)
    chunk = bytes(1 << 20)
    for _ in range(megabytes):
        out += z.compress(chunk)
    return out + z.flush()


# 256 MiB of zeros after the images (256 KiB gzip'ed): only the announced
# bytes may be inflated.
write("bomb.idx.gz", compress_zeros(good, 256))
# 2^28 images of 8 bytes: 2 GiB announced, beyond the 1 GiB limit.
write("huge.idx", header(1 << 28, 8))
# Images of 2^93 values: the old reader's int64 product overflowed.
write("overflow.idx", header(1, 1 << 31, 1 << 31, 1 << 31))
# Just under the limit, with 1 MiB of data: inflated only as far as it goes.
write("announced.idx.gz", compress_zeros(header((1 << 27) - 2, 8), 1))
# A stored deflate block holding the header, then a block of the invalid
# type 3: the header reads, the images do not.
stored = header(2, 8)
write("corrupt.idx.gz", b"\x1f\x8b\x08\0\0\0\0\0\0\xff" + b"\0" +
      struct.pack("<HH", len(stored), 0xffff ^ len(stored)) + stored + b"\x07")
